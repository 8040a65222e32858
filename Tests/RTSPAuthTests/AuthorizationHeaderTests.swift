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

    /// RFC 7616 §3.9.1's SHA-256 example as a client sends it, folded onto one line: every field is read, and
    /// the response computed from them with the password is the RFC's.
    @Test func rfc7616Section3_9_1() throws {
        let text = """
            Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, \
            nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, \
            cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, \
            response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", \
            opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
            """
        guard case .digest(let credentials) = try AuthorizationHeader(parsing: text) else {
            Issue.record("not Digest")
            return
        }
        #expect(credentials.opaque == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
        let response = credentials.algorithm.response(
            username: credentials.username, realm: credentials.realm, password: "Circle of Life", method: "GET", uri: credentials.uri,
            nonce: credentials.nonce, qop: credentials.qop, nonceCount: credentials.nonceCount, clientNonce: credentials.clientNonce)
        #expect(response == credentials.response)
        #expect(try AuthorizationHeader(parsing: credentials.headerValue) == .digest(credentials))
    }

    /// What a client writes is what the parser reads, quotes and backslashes included.
    @Test func headerValueRoundTrips() throws {
        let credentials = AuthorizationHeader.DigestCredentials(
            username: "a\"b\\c", realm: "camstream", nonce: "n", uri: "rtsp://h/cam/trackID=0", response: "ff", algorithm: .sha256,
            qop: "auth", nonceCount: "00000002", clientNonce: "x,y")
        #expect(
            credentials.headerValue
                == #"Digest username="a\"b\\c", realm="camstream", nonce="n", uri="rtsp://h/cam/trackID=0", response="ff", algorithm=SHA-256, qop=auth, nc=00000002, cnonce="x,y""#
        )
        #expect(try AuthorizationHeader(parsing: credentials.headerValue) == .digest(credentials))
    }

    /// Mutations of a real header (characters dropped, doubled, replaced) either parse into credentials that
    /// survive a round trip through `headerValue`, or throw; never trap. Both outcomes must occur, or the
    /// mutations were too tame or too wild to test anything.
    @Test func mutatedHeadersParseConsistentlyOrThrow() throws {
        var generator = SeededGenerator(seed: 7)
        let valid = Array(#"Digest username="viewer", realm="camstream", nonce="abc", uri="rtsp://h/cam", response="0f", qop=auth, nc=00000001, cnonce="c""#)
        let alphabet = Array("\",= \\\tDigestqopé\u{0}")
        var parsed = 0, refused = 0
        for _ in 0..<3000 {
            var text = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<text.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text.remove(at: index)
                case 1: text.insert(text[index], at: index)
                default: text[index] = alphabet.randomElement(using: &generator)!
                }
            }
            switch Result(catching: { () throws(AuthenticationError) in try AuthorizationHeader(parsing: String(text)) }) {
            case .success(.digest(let credentials)):
                parsed += 1
                #expect(try AuthorizationHeader(parsing: credentials.headerValue) == .digest(credentials), "\(String(text))")
            case .success(.basic):
                Issue.record("a Digest header mutated into Basic: \(String(text))")
            case .failure:
                refused += 1
            }
        }
        #expect(parsed > 100 && refused > 100, "parsed \(parsed), refused \(refused)")
    }
}
