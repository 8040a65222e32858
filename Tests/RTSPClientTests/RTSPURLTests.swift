import RTSPClient
import Testing

@Suite struct RTSPURLTests {
    @Test(arguments: [
        ("rtsp://relay.example:8554/garden", RTSPURL(host: "relay.example", port: 8554, path: "/garden")),
        ("rtsp://relay.example", RTSPURL(host: "relay.example", port: 554, path: "/")),
        ("RTSP://u:p%40ss@10.0.0.2/live/cam?x=1", RTSPURL(host: "10.0.0.2", port: 554, path: "/live/cam?x=1", user: "u", password: "p@ss")),
        ("rtsp://u@[::1]:9000/a", RTSPURL(host: "::1", port: 9000, path: "/a", user: "u")),
    ])
    func parses(text: String, expected: RTSPURL) throws {
        #expect(try RTSPURL(parsing: text) == expected)
    }

    @Test(arguments: [
        ("http://relay.example/x", RTSPURLError.unsupportedScheme("http")),
        ("rtsp:///x", .missingHost),
        ("rtsp://relay.example:0/x", .invalidPort("0")),
        ("rtsp://relay.example:65536/x", .invalidPort("65536")),
        ("rtsp://relay.example:/x", .invalidPort("")),
        ("rtsp://rel ay/x", .invalidHost("rel ay")),
        ("rtsp://:p@relay/x", .emptyUser),
        ("relay.example/x", .notAURL("relay.example/x")),
    ])
    func refuses(text: String, expected: RTSPURLError) {
        #expect(throws: expected) { try RTSPURL(parsing: text) }
    }

    @Test func redactedHidesThePasswordOnly() throws {
        let url = try RTSPURL(parsing: "rtsp://cam:secret@relay.example:8554/garden")
        #expect(url.redacted == "rtsp://cam:***@relay.example:8554/garden")
        #expect(url.requestURI == "rtsp://relay.example:8554/garden")
    }
}
