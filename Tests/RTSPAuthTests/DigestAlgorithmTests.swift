import RTSPAuth
import Testing

/// The worked examples of the RFCs, to the digit.
@Suite struct DigestAlgorithmTests {
    @Test func rfc2617Section3_5() {
        let ha1 = DigestAlgorithm.md5.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life")
        let response = DigestAlgorithm.md5.response(
            ha1: ha1, nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET", uri: "/dir/index.html",
            qop: "auth", nonceCount: "00000001", clientNonce: "0a4f113b")
        #expect(response == "6629fae49393a05397450978507c4ef1")
    }

    @Test(arguments: [
        (DigestAlgorithm.sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        (DigestAlgorithm.md5, "8ca523f5e9506fed4657c9700eebdbec"),
    ])
    func rfc7616Section3_9_1(algorithm: DigestAlgorithm, expected: String) {
        let ha1 = algorithm.ha1(username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life")
        let response = algorithm.response(
            ha1: ha1, nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", method: "GET", uri: "/dir/index.html",
            qop: "auth", nonceCount: "00000001", clientNonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
        #expect(response == expected)
        // The same from the password, as a client computes it.
        #expect(
            algorithm.response(
                username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life", method: "GET", uri: "/dir/index.html",
                nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", qop: "auth", nonceCount: "00000001",
                clientNonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ") == expected)
    }

    /// RFC 7616 §3.9.1's two challenges as a client reads them.
    @Test(arguments: [(DigestAlgorithm.sha256, "SHA-256"), (.md5, "MD5")])
    func rfc7616Section3_9_1Challenges(algorithm: DigestAlgorithm, name: String) throws {
        let challenge = try DigestChallenge(
            parsing: """
                Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=\(name), \
                nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
                """)
        #expect(challenge.realm == "http-auth@example.org")
        #expect(challenge.nonce == "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v")
        #expect(challenge.algorithm == algorithm)
        #expect(challenge.qop == ["auth", "auth-int"])
        #expect(challenge.opaque == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
        #expect(!challenge.stale)
    }

    /// camstream's own challenges read back, stale included; and what is not a Digest challenge is refused.
    @Test func ownChallengesReadBack() throws {
        let authenticator = DigestAuthenticator(users: [], nonces: NonceIssuer(key: Array(repeating: 1, count: 32)))
        let challenges = try authenticator.challenges(now: 5, random: 6, clientAddress: "::1", stale: true).map {
            try DigestChallenge(parsing: $0)
        }
        #expect(challenges.map(\.algorithm) == [.sha256, .md5])
        #expect(challenges.allSatisfy { $0.stale && $0.qop == ["auth"] && $0.realm == "camstream" && $0.nonce.utf8.count == 80 })
        #expect(throws: AuthenticationError.self) { try DigestChallenge(parsing: "Basic realm=\"camstream\"") }
        #expect(throws: AuthenticationError.self) { try DigestChallenge(parsing: "Digest realm=\"camstream\"") }
        #expect(throws: AuthenticationError.self) { try DigestChallenge(parsing: "Digest realm=r, nonce=n, algorithm=SHA-512") }
    }

    /// RFC 2069's form, without qop: what live555 (VLC) sends. Expected value from Python's hashlib.
    @Test func withoutQop() {
        let ha1 = DigestAlgorithm.md5.ha1(username: "admin", realm: "camstream", password: "secret")
        #expect(ha1 == "4346d3c6f9d25896538ef9f742a7ee34")
        #expect(
            DigestAlgorithm.md5.response(ha1: ha1, nonce: "abc123", method: "DESCRIBE", uri: "rtsp://127.0.0.1:8554/cam")
                == "b1fd598f97eeed6134b1fd9b8ec1f462")
    }
}
