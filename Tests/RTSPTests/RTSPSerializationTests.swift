import NIOCore
import RTSP
import SeededRandom
import Testing

@Suite("RTSP serialization")
struct RTSPSerializationTests {
    @Test("an OPTIONS response, byte for byte")
    func optionsResponse() {
        var buffer = ByteBuffer()
        let written = buffer.writeRTSPResponse(
            RTSPResponse(status: .ok, headers: ["CSeq": "2", "Public": "OPTIONS, DESCRIBE"])
        )
        #expect(buffer.string == "RTSP/1.0 200 OK\r\nCSeq: 2\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n")
        #expect(written == buffer.readableBytes)
    }

    @Test("a DESCRIBE response gets Content-Length after its headers, then the body")
    func describeResponse() {
        let sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=cam\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
        var buffer = ByteBuffer()
        let written = buffer.writeRTSPResponse(
            RTSPResponse(
                status: .ok,
                headers: ["CSeq": "3", "Content-Base": "rtsp://10.0.0.2:8554/cam/", "Content-Type": "application/sdp"],
                body: ByteBuffer(string: sdp)
            )
        )
        #expect(
            buffer.string
                == "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Base: rtsp://10.0.0.2:8554/cam/\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: 66\r\n\r\n" + sdp
        )
        #expect(sdp.utf8.count == 66)
        #expect(written == buffer.readableBytes)
    }

    @Test("a Content-Length already present, in any case, is not repeated")
    func contentLengthNotDuplicated() {
        var buffer = ByteBuffer()
        buffer.writeRTSPResponse(
            RTSPResponse(status: .ok, headers: ["CSeq": "4", "content-length": "2"], body: ByteBuffer(string: "hi"))
        )
        #expect(buffer.string == "RTSP/1.0 200 OK\r\nCSeq: 4\r\ncontent-length: 2\r\n\r\nhi")
    }

    @Test("an empty body is written with Content-Length: 0")
    func emptyBody() {
        var buffer = ByteBuffer()
        buffer.writeRTSPResponse(RTSPResponse(status: .ok, headers: ["CSeq": "5"], body: ByteBuffer()))
        #expect(buffer.string == "RTSP/1.0 200 OK\r\nCSeq: 5\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("error statuses use the RFC 2326 reason phrases")
    func errorStatus() {
        var buffer = ByteBuffer()
        buffer.writeRTSPResponse(RTSPResponse(status: .sessionNotFound, headers: ["CSeq": "6"]))
        #expect(buffer.string == "RTSP/1.0 454 Session Not Found\r\nCSeq: 6\r\n\r\n")
        buffer.clear()
        buffer.writeRTSPResponse(RTSPResponse(status: .unsupportedTransport, headers: ["CSeq": "7"]))
        #expect(buffer.string == "RTSP/1.0 461 Unsupported transport\r\nCSeq: 7\r\n\r\n")
    }

    @Test("a request, byte for byte")
    func request() {
        var buffer = ByteBuffer()
        let written = buffer.writeRTSPRequest(
            RTSPRequest(
                method: .setParameter,
                uri: "rtsp://h/cam",
                headers: ["CSeq": "9", "Content-Type": "text/parameters"],
                body: ByteBuffer(string: "x: 1\r\n")
            )
        )
        #expect(
            buffer.string
                == "SET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 9\r\nContent-Type: text/parameters\r\n"
                + "Content-Length: 6\r\n\r\nx: 1\r\n"
        )
        #expect(written == buffer.readableBytes)
    }

    @Test("interleaved frame header: $, channel, big-endian length")
    func interleavedHeader() {
        var buffer = ByteBuffer()
        #expect(buffer.writeInterleavedFrameHeader(channel: 1, length: 1500) == 4)
        #expect(Array(buffer.readableBytesView) == [0x24, 0x01, 0x05, 0xDC])
        buffer.clear()
        buffer.writeInterleavedFrameHeader(channel: 255, length: 65535)
        #expect(Array(buffer.readableBytesView) == [0x24, 0xFF, 0xFF, 0xFF])
    }

    @Test("interleaved frame: header then payload")
    func interleavedFrame() {
        var buffer = ByteBuffer()
        let written = buffer.writeInterleavedFrame(
            InterleavedFrame(channel: 0, payload: ByteBuffer(bytes: [0x80, 0x60]))
        )
        #expect(Array(buffer.readableBytesView) == [0x24, 0x00, 0x00, 0x02, 0x80, 0x60])
        #expect(written == 6)
    }

    @Test("the RFC 2326 §14.1 SETUP exchange re-serializes to its canonical bytes")
    func rfcReserialize() throws {
        let request = try #require(try parseAllAtOnce(rfc2326Requests[3].wire).first)
        var buffer = ByteBuffer()
        buffer.writeRTSPMessage(request)
        #expect(buffer.string == rfc2326Requests[3].wire)
    }

    /// Random messages in canonical form: header values trimmed and free of CR/LF, Content-Length present exactly
    /// when there is a body (the parser keeps the header; the writer adds it only when missing).
    private static func randomMessage(using generator: inout SeededGenerator) -> RTSPMessage {
        let names = ["CSeq", "Session", "Transport", "content-type", "X-Custom", "RTP-Info", "Range", "Public"]
        let inner = Array("abcXYZ0189 ;=,/:-_.\"*$@\t")
        let edge = Array("abcXYZ0189;=,/:-_.\"*$@")  // the parser trims white space at either end
        func value() -> String {
            let length = Int.random(in: 0...20, using: &generator)
            return String(
                (0..<length).map { index in
                    let alphabet = index == 0 || index == length - 1 ? edge : inner
                    return alphabet.randomElement(using: &generator) ?? "a"
                }
            )
        }
        var headers = RTSPHeaders()
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            headers.add(name: names.randomElement(using: &generator) ?? "X", value: value())
        }
        var body: ByteBuffer?
        if Bool.random(using: &generator) {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            body = ByteBuffer(bytes: bytes)
            headers.add(name: "Content-Length", value: "\(bytes.count)")
        }
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            let methods: [RTSPMethod] = [.options, .describe, .setup, .play, .pause, .teardown, .getParameter, .record]
            let uri = "rtsp://10.0.0.\(Int.random(in: 1...254, using: &generator)):8554/cam/trackID=0"
            return .request(
                RTSPRequest(
                    method: methods.randomElement(using: &generator) ?? .options,
                    uri: uri,
                    headers: headers,
                    body: body
                )
            )
        case 1:
            let statuses: [RTSPStatus] = [
                .ok, .badRequest, .sessionNotFound, .unsupportedTransport, .init(code: 299, reasonPhrase: ""),
            ]
            return .response(
                RTSPResponse(status: statuses.randomElement(using: &generator) ?? .ok, headers: headers, body: body)
            )
        default:
            let payload = (0..<Int.random(in: 0...100, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            return .interleaved(
                InterleavedFrame(
                    channel: UInt8.random(in: 0...255, using: &generator),
                    payload: ByteBuffer(bytes: payload)
                )
            )
        }
    }

    @Test("parse(serialize(m)) == m for fixed-seed random messages, whole and byte-at-a-time")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 2326)
        for _ in 0..<300 {
            let messages = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                Self.randomMessage(using: &generator)
            }
            var buffer = ByteBuffer()
            for message in messages { buffer.writeRTSPMessage(message) }
            let bytes = Array(buffer.readableBytesView)
            #expect(try parseAllAtOnce(bytes) == messages)
            #expect(try parseByteAtATime(bytes) == messages)
        }
    }
}
