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

    /// RFC 2069's form, without qop: what live555 (VLC) sends. Expected value from Python's hashlib.
    @Test func withoutQop() {
        let ha1 = DigestAlgorithm.md5.ha1(username: "admin", realm: "camstream", password: "secret")
        #expect(ha1 == "4346d3c6f9d25896538ef9f742a7ee34")
        #expect(
            DigestAlgorithm.md5.response(ha1: ha1, nonce: "abc123", method: "DESCRIBE", uri: "rtsp://127.0.0.1:8554/cam")
                == "b1fd598f97eeed6134b1fd9b8ec1f462")
    }
}
