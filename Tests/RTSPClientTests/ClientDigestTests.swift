import RTSPClient
import Testing

/// The RFCs' worked examples, to the digit.
@Suite struct ClientDigestTests {
    @Test func rfc2617Section3_5() {
        let response = ClientDigest.response(
            algorithm: .md5, user: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life", method: "GET",
            uri: "/dir/index.html", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", qop: "auth", nonceCount: "00000001",
            clientNonce: "0a4f113b")
        #expect(response == "6629fae49393a05397450978507c4ef1")
    }

    @Test(arguments: [
        (ClientDigest.Algorithm.sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        (ClientDigest.Algorithm.md5, "8ca523f5e9506fed4657c9700eebdbec"),
    ])
    func rfc7616Section3_9_1(algorithm: ClientDigest.Algorithm, expected: String) {
        let response = ClientDigest.response(
            algorithm: algorithm, user: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life", method: "GET",
            uri: "/dir/index.html", nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", qop: "auth", nonceCount: "00000001",
            clientNonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
        #expect(response == expected)
    }

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
}
