import RTSPAuth
import RTSPClient
import Testing

/// The publisher reads a relay's `WWW-Authenticate` values; the Digest arithmetic itself is RTSPAuth's, tested
/// against the RFCs' vectors there.
@Suite struct AuthenticationChallengeTests {
    @Test func challengesInOneHeaderValueAreSplit() {
        let challenges = AuthenticationChallenge.parsingAll([
            "Digest realm=\"a, b\", nonce=\"x\\\"y\", algorithm=SHA-256, Basic realm=\"a\""
        ])
        #expect(
            challenges == [
                AuthenticationChallenge(scheme: "Digest", parameters: ["realm": "a, b", "nonce": "x\"y", "algorithm": "SHA-256"]),
                AuthenticationChallenge(scheme: "basic", parameters: ["realm": "a"]),
            ])
    }

    /// RFC 7616 §3.9.1's challenge, as a relay writes it.
    @Test func rfc7616Section3_9_1Challenge() {
        let challenges = AuthenticationChallenge.parsingAll([
            """
            Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, \
            nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
            """
        ])
        #expect(
            challenges == [
                AuthenticationChallenge(
                    scheme: "digest",
                    parameters: [
                        "realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256",
                        "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                        "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
                    ])
            ])
    }

    /// camstream's own server challenges, read by its own publisher: SHA-256 then MD5, both with qop=auth, the
    /// stale flag where asked, and the 80-digit address-bound nonce.
    @Test func ownChallengesReadBack() {
        let authenticator = DigestAuthenticator(users: [], nonces: NonceIssuer(key: Array(repeating: 1, count: 32)))
        let challenges = AuthenticationChallenge.parsingAll(authenticator.challenges(now: 5, random: 6, clientAddress: "::1", stale: true))
        #expect(challenges.map { $0.parameters["algorithm"] } == ["SHA-256", "MD5"])
        #expect(
            challenges.allSatisfy {
                $0.scheme == "digest" && $0.parameters["stale"]?.lowercased() == "true" && $0.parameters["qop"] == "auth"
                    && $0.parameters["realm"] == "camstream" && $0.parameters["nonce"]?.utf8.count == 80
            })
    }
}
