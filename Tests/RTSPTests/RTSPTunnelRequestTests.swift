import Testing

@testable import RTSP

/// Telling a tunnel's GET and POST from an ordinary request by the first bytes, with the heads ffmpeg and
/// live555 send (their header sets, as their sources write them).
@Suite struct RTSPTunnelRequestTests {
    static func recognize(_ text: String, maxHeadBytes: Int = 4096) -> RTSPTunnelRequest.Recognition {
        RTSPTunnelRequest.recognize(Array(text.utf8), maxHeadBytes: maxHeadBytes)
    }

    /// libavformat/rtsp.c `ff_rtsp_connect` through its HTTP protocol.
    static let ffmpegGET =
        "GET /cam HTTP/1.1\r\nUser-Agent: Lavf/59.27.100\r\nAccept: */*\r\nRange: bytes=0-\r\nConnection: close\r\nHost: 127.0.0.1:8080\r\n"
        + "Icy-MetaData: 1\r\nx-sessioncookie: 1f2e3d4c5b6a7988\r\nAccept: application/x-rtsp-tunnelled\r\nPragma: no-cache\r\n"
        + "Cache-Control: no-cache\r\n\r\n"
    static let ffmpegPOST =
        "POST /cam HTTP/1.1\r\nTransfer-Encoding: chunked\r\nUser-Agent: Lavf/59.27.100\r\nAccept: */*\r\nConnection: close\r\n"
        + "Host: 127.0.0.1:8080\r\nIcy-MetaData: 1\r\nx-sessioncookie: 1f2e3d4c5b6a7988\r\nContent-Type: application/x-rtsp-tunnelled\r\n"
        + "Pragma: no-cache\r\nCache-Control: no-cache\r\nContent-Length: 32767\r\nExpires: Sun, 9 Jan 1972 00:00:00 GMT\r\n\r\n"
    /// liveMedia/RTSPClient.cpp `setupHTTPTunneling1`/`2`.
    static let live555GET =
        "GET /cam HTTP/1.1\r\nCSeq: 1\r\nUser-Agent: openRTSP (LIVE555 Streaming Media v2020.08.19)\r\nx-sessioncookie: 2b8e6a0f1c3d5e7a9b0c1d\r\n"
        + "Accept: application/x-rtsp-tunnelled\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n\r\n"

    @Test func ffmpegsGETOpensTheDataChannel() {
        #expect(
            Self.recognize(Self.ffmpegGET)
                == .tunnel(
                    RTSPTunnelRequest(role: .get, target: "/cam", sessionCookie: "1f2e3d4c5b6a7988", headLength: Self.ffmpegGET.utf8.count))
        )
    }

    @Test func ffmpegsPOSTCarriesTheRequestsAndWhatFollowsItsHeadIsBody() {
        let body = "T1BUSU9OUyBydHNwOi8v"
        guard case .tunnel(let request) = Self.recognize(Self.ffmpegPOST + body) else {
            Issue.record("not recognised")
            return
        }
        #expect(request.role == .post && request.sessionCookie == "1f2e3d4c5b6a7988" && request.target == "/cam")
        #expect(request.headLength == Self.ffmpegPOST.utf8.count)
    }

    @Test func live555sGETWithAuthorization() {
        let head = String(Self.live555GET.dropLast(1)) + "Authorization: Basic dTpw\r\n\r\n"
        guard case .tunnel(let request) = Self.recognize(head) else {
            Issue.record("not recognised")
            return
        }
        #expect(request.sessionCookie == "2b8e6a0f1c3d5e7a9b0c1d" && request.authorization == "Basic dTpw")
    }

    @Test func everyPrefixOfATunnelHeadNeedsMore() {
        let bytes = Array(Self.ffmpegGET.utf8)
        for length in 0..<bytes.count {
            #expect(RTSPTunnelRequest.recognize(Array(bytes.prefix(length)), maxHeadBytes: 4096) == .needMore, "at \(length)")
        }
    }

    @Test func ordinaryRequestsAreLeftToThePort() {
        #expect(Self.recognize("O") == .notTunnel)
        #expect(Self.recognize("OPTIONS rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n") == .notTunnel)
        #expect(Self.recognize("GET / HTTP/1.1\r\nHost: cam\r\n\r\n") == .notTunnel)
        #expect(Self.recognize("GET /ws?stream=cam HTTP/1.1\r\nx-sessioncookie: abc\r\nAccept: text/html\r\n\r\n") == .notTunnel)
        #expect(Self.recognize("POST /onvif/device_service HTTP/1.1\r\nContent-Type: application/soap+xml\r\n\r\n") == .notTunnel)
        #expect(
            Self.recognize("GET rtsp://x/cam RTSP/1.0\r\nx-sessioncookie: a\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n") == .notTunnel)
        #expect(Self.recognize("GE") == .needMore)
        #expect(Self.recognize("PO") == .needMore)
        // A head that never ends within the limit is the port parser's to refuse.
        #expect(Self.recognize("GET /cam HTTP/1.1\r\n" + String(repeating: "X-Pad: 1\r\n", count: 20), maxHeadBytes: 64) == .notTunnel)
    }

    @Test func badCookiesAreRefusedWithAReason() {
        let long = String(repeating: "a", count: 129)
        #expect(
            Self.recognize("GET /cam HTTP/1.0\r\nx-sessioncookie: \(long)\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n")
                == .malformed("x-sessioncookie of 129 bytes; expected 1 to 128"))
        #expect(
            Self.recognize("POST /cam HTTP/1.0\r\nx-sessioncookie: \r\n\r\n") == .malformed("x-sessioncookie of 0 bytes; expected 1 to 128")
        )
        #expect(
            Self.recognize("POST /cam HTTP/1.0\r\nx-sessioncookie: a\u{7F}b\r\n\r\n")
                == .malformed("x-sessioncookie holds bytes outside visible ASCII"))
        #expect(
            Self.recognize("POST /cam HTTP/1.0\r\nContent-Type: application/x-rtsp-tunnelled\r\n\r\n")
                == .malformed("POST of application/x-rtsp-tunnelled without an x-sessioncookie header"))
    }

    @Test func bareLineFeedsEndAHeadToo() {
        #expect(
            Self.recognize("POST /cam HTTP/1.0\nx-sessioncookie: k\n\nT1B")
                == .tunnel(RTSPTunnelRequest(role: .post, target: "/cam", sessionCookie: "k", headLength: 39)))
    }
}
