import Testing

@testable import StreamerServer

/// The pure parts of the browser side: which route a request names, the WebSocket tickets, the JSON text.
@Suite struct BrowserPieceTests {
    @Test func routesComeFromThePathAndQuery() {
        #expect(HTTPRoute(uri: "/") == .liveView)
        #expect(HTTPRoute(uri: "/index.html?x=1") == .liveView)
        #expect(HTTPRoute(uri: "/token") == .token)
        #expect(HTTPRoute(uri: "/api/status") == .status)
        #expect(HTTPRoute(uri: "/metrics") == .metrics)
        #expect(HTTPRoute(uri: "/ws?stream=front%20door&token=ab&stream=other") == .webSocket(stream: "front door", token: "ab"))
        #expect(HTTPRoute(uri: "/ws") == .webSocket(stream: nil, token: nil))
        #expect(HTTPRoute(uri: "/ws?stream=%ZZ") == .webSocket(stream: nil, token: nil))
        #expect(HTTPRoute(uri: "/ws?stream=%ff") == .webSocket(stream: nil, token: nil))
        #expect(HTTPRoute(uri: "/../etc/passwd") == .notFound("/../etc/passwd"))
    }

    @Test func aTokenIsGoodOnceFromItsAddressWithinItsLifetime() {
        var tokens = BrowserTokens()
        let token = tokens.issue(user: "viewer", address: "10.0.0.2", now: 100, random: (1, 2))
        #expect(token == "00000000000000010000000000000002")
        #expect(
            tokens.redeem(token, address: "10.0.0.2", now: 100 + BrowserTokens.lifetimeSeconds)
                == .init(user: "viewer", address: "10.0.0.2", issued: 100))
        #expect(tokens.redeem(token, address: "10.0.0.2", now: 101) == nil)

        let elsewhere = tokens.issue(user: nil, address: "10.0.0.2", now: 100, random: (3, 4))
        #expect(tokens.redeem(elsewhere, address: "10.0.0.3", now: 101) == nil)
        // Refused once from the wrong address, it is gone for the right one too.
        #expect(tokens.redeem(elsewhere, address: "10.0.0.2", now: 101) == nil)

        let late = tokens.issue(user: nil, address: "10.0.0.2", now: 100, random: (5, 6))
        #expect(tokens.redeem(late, address: "10.0.0.2", now: 100 + BrowserTokens.lifetimeSeconds + 1) == nil)
    }

    @Test func outstandingTokensAreBounded() {
        var tokens = BrowserTokens()
        let first = tokens.issue(user: nil, address: "a", now: 0, random: (0, 0))
        for index in 1...BrowserTokens.limit {
            _ = tokens.issue(user: nil, address: "a", now: 0, random: (UInt64(index), 0))
        }
        // The oldest was forgotten to make room; the newest is still good.
        #expect(tokens.redeem(first, address: "a", now: 0) == nil)
        #expect(tokens.redeem(String(repeating: "0", count: 13) + "400" + String(repeating: "0", count: 16), address: "a", now: 0) != nil)
    }

    @Test func jsonTextEscapesQuotesControlsAndHTML() {
        #expect(JSONText.quoted("a\"b\\c\n\u{01}</script>") == "\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\"")
        #expect(JSONText.array(["cam", "é"]) == "[\"cam\",\"é\"]")
        var object = JSONObject()
        object.add("n", 3)
        object.add("x", Double.nan)
        object.add("s", nil as String?)
        object.add("b", true)
        #expect(object.text == "{\"n\":3,\"x\":null,\"s\":null,\"b\":true}")
    }

    @Test func theMeterMeasuresRateAndBitrateOverItsWindow() {
        var meter = StreamMeter()
        #expect(meter.framesPerSecond == nil)
        // 25 fps of 1000-byte frames for 3 s: the window keeps the last 2 s.
        for frame in 0..<75 { meter.record(captureTime: 1_000_000_000 + UInt64(frame) * 40_000_000, bytes: 1000) }
        #expect(meter.framesPerSecond == 25)
        #expect(meter.bitsPerSecond == 200_000)
    }

    @Test func thePageCarriesItsConfigAsJSON() {
        let page = LiveViewPage.render(streams: ["cam", "x</script>"], token: "t0")
        #expect(page.contains("const config = {\"streams\":[\"cam\",\"x\\u003c/script\\u003e\"],\"token\":\"t0\",\"auth\":true};"))
        #expect(!page.contains("/*CONFIG*/"))
    }
}
