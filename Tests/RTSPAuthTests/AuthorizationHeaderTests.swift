import RTSPAuth
import SeededRandom
import Testing

@Suite struct AuthorizationHeaderTests {
    @Test func digestAsLive555SendsIt() throws {
        let header = try AuthorizationHeader(
            parsing: "Digest username=\"admin\", realm=\"camstream\", nonce=\"abc\", uri=\"rtsp://h:8554/cam\", response=\"0123\"")
        #expect(
            header == .digest(.init(username: "admin", realm: "camstream", nonce: "abc", uri: "rtsp://h:8554/cam", response: "0123")))
    }

    @Test func digestWithQopUnquotedValuesAndOddCase() throws {
        let header = try AuthorizationHeader(
            parsing: "digest USERNAME=\"a\\\"b\",realm=\"r\" ,nonce=n,uri=\"/x\",response=\"f\",algorithm=SHA-256,qop=auth,nc=0000000a,cnonce=\"c\"")
        #expect(
            header
                == .digest(
                    .init(
                        username: "a\"b", realm: "r", nonce: "n", uri: "/x", response: "f", algorithm: .sha256, qop: "auth",
                        nonceCount: "0000000a", clientNonce: "c")))
    }

    @Test func basic() throws {
        // "Aladdin:open sesame", RFC 7617 §2
        #expect(try AuthorizationHeader(parsing: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==") == .basic(username: "Aladdin", password: "open sesame"))
    }

    @Test(arguments: [
        "", "Digest", "Bearer abc", "Basic !!!!", "Basic YWJj", "Digest username=\"a\"",
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", algorithm=SHA-512",
        "Digest username=\"a, realm=\"r\"", "Digest username=\"a\", username=\"b\", realm=r, nonce=n, uri=u, response=x",
        "Digest =x",
    ])
    func malformedHeadersAreErrors(text: String) {
        #expect(throws: AuthenticationError.self) { try AuthorizationHeader(parsing: text) }
    }

    @Test func garbageNeverTraps() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("Digest Basic username=\"realm,nonce uri response qop=auth nc cnonce\\=\u{0}é".unicodeScalars)
        for _ in 0..<5000 {
            let length = Int.random(in: 0...80, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            _ = try? AuthorizationHeader(parsing: text)
        }
    }
}
