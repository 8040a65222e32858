import NIOCore
import RTSP
import SeededRandom
import Testing

struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var wire: String
    var status: RTSPStatus

    var testDescription: String { name }
}

let malformedMessages: [ErrorCase] = [
    ErrorCase(name: "garbage start line", wire: "HELLO\r\n\r\n", status: .badRequest),
    ErrorCase(name: "binary garbage", wire: "\u{1}\u{2}\u{3}\r\n\r\n", status: .badRequest),
    ErrorCase(name: "HTTP request", wire: "GET / HTTP/1.1\r\nHost: h\r\n\r\n", status: .badRequest),
    ErrorCase(name: "missing version", wire: "OPTIONS *\r\nCSeq: 1\r\n\r\n", status: .badRequest),
    ErrorCase(name: "space in URI", wire: "DESCRIBE rtsp://h/my cam RTSP/1.0\r\n\r\n", status: .badRequest),
    ErrorCase(name: "method with a separator", wire: "OPT:IONS * RTSP/1.0\r\n\r\n", status: .badRequest),
    // Found by FuzzRTSPMessages: " $X ..." parsed as method "$X", which written back starts an interleaved frame.
    ErrorCase(name: "method starting with the interleaved-frame marker", wire: " $GET rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n", status: .badRequest),
    ErrorCase(
        name: "RTSP/2.0 request",
        wire: "OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n",
        status: .rtspVersionNotSupported
    ),
    ErrorCase(
        name: "RTSP/1.1 request",
        wire: "OPTIONS * RTSP/1.1\r\nCSeq: 1\r\n\r\n",
        status: .rtspVersionNotSupported
    ),
    ErrorCase(name: "RTSP/2.0 response", wire: "RTSP/2.0 200 OK\r\nCSeq: 1\r\n\r\n", status: .rtspVersionNotSupported),
    ErrorCase(name: "nonsense version", wire: "OPTIONS * RTSP/one\r\n\r\n", status: .badRequest),
    ErrorCase(name: "status code not 3 digits", wire: "RTSP/1.0 20 OK\r\n\r\n", status: .badRequest),
    ErrorCase(name: "status code with letters", wire: "RTSP/1.0 2x0 OK\r\n\r\n", status: .badRequest),
    ErrorCase(name: "status code too long", wire: "RTSP/1.0 2000 OK\r\n\r\n", status: .badRequest),
    // Found by FuzzRTSPMessages: "020" parsed as 20 and came back from the serializer as "20".
    ErrorCase(name: "status code with a leading zero", wire: "RTSP/1.0 020 OK\r\n\r\n", status: .badRequest),
    ErrorCase(name: "status code above 599", wire: "RTSP/1.0 600 OK\r\n\r\n", status: .badRequest),
    ErrorCase(name: "header without colon", wire: "OPTIONS * RTSP/1.0\r\nCSeq 1\r\n\r\n", status: .badRequest),
    ErrorCase(name: "empty header name", wire: "OPTIONS * RTSP/1.0\r\n: 1\r\n\r\n", status: .badRequest),
    ErrorCase(name: "header name with space", wire: "OPTIONS * RTSP/1.0\r\nC Seq: 1\r\n\r\n", status: .badRequest),
    ErrorCase(name: "continuation first", wire: "OPTIONS * RTSP/1.0\r\n  folded\r\n\r\n", status: .badRequest),
    ErrorCase(name: "NUL in header", wire: "OPTIONS * RTSP/1.0\r\nCSeq: 1\u{0}\r\n\r\n", status: .badRequest),
    ErrorCase(name: "lone CR in header", wire: "OPTIONS * RTSP/1.0\r\nCSeq: 1\rX: 2\r\n\r\n", status: .badRequest),
    ErrorCase(
        name: "negative Content-Length",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: -1"),
        status: .badRequest
    ),
    ErrorCase(
        name: "garbage Content-Length",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: ten"),
        status: .badRequest
    ),
    ErrorCase(
        name: "Content-Length with suffix",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: 12abc"),
        status: .badRequest
    ),
    ErrorCase(
        name: "Content-Length with sign",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: +5"),
        status: .badRequest
    ),
    ErrorCase(name: "empty Content-Length", wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length:"), status: .badRequest),
    ErrorCase(
        name: "conflicting Content-Length",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: 4", "Content-Length: 5"),
        status: .badRequest
    ),
    ErrorCase(
        name: "Content-Length beyond the body limit",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: 65537"),
        status: .requestEntityTooLarge
    ),
    ErrorCase(
        name: "Content-Length beyond Int",
        wire: wire("ANNOUNCE * RTSP/1.0", "Content-Length: 99999999999999999999999999"),
        status: .requestEntityTooLarge
    ),
    ErrorCase(
        name: "65 header fields",
        wire: "OPTIONS * RTSP/1.0\r\n" + (1...65).map { "X-\($0): v\r\n" }.joined() + "\r\n",
        status: .requestEntityTooLarge
    ),
]

@Suite("RTSPMessageParser errors")
struct RTSPMessageParserErrorTests {
    @Test("malformed input throws with the status to answer", arguments: malformedMessages)
    func malformed(_ testCase: ErrorCase) {
        let error = parseError(testCase.wire)
        #expect(error?.status == testCase.status, "\(error.map(String.init(describing:)) ?? "no error")")
    }

    @Test("64 header fields are accepted; the limit is inclusive")
    func headerCountAtLimit() throws {
        let text = "OPTIONS * RTSP/1.0\r\n" + (1...64).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(try parseAllAtOnce(text).first?.request?.headers.count == 64)
    }

    @Test("a body of exactly maxBodyBytes is accepted")
    func bodyAtLimit() throws {
        let limits = RTSPMessageParser.Limits(maxBodyBytes: 16)
        let text = wire("ANNOUNCE * RTSP/1.0", "Content-Length: 16") + String(repeating: "x", count: 16)
        #expect(try parseAllAtOnce(text, limits: limits).first?.request?.body?.readableBytes == 16)
        let tooLong = wire("ANNOUNCE * RTSP/1.0", "Content-Length: 17") + String(repeating: "x", count: 17)
        #expect(parseError(tooLong, limits: limits)?.status == .requestEntityTooLarge)
    }

    @Test("a head that never ends throws 413 as soon as it passes the limit, without waiting for a blank line")
    func unterminatedHeadIsBounded() throws {
        let limit = 256
        var parser = RTSPMessageParser(limits: .init(maxStartLineAndHeaderBytes: limit))
        let flood = Array(("OPTIONS * RTSP/1.0\r\n" + String(repeating: "X-Pad: aaaaaaaa\r\n", count: 100)).utf8)
        var buffer = ByteBuffer()
        for (offset, byte) in flood.enumerated() {
            buffer.writeInteger(byte)
            if offset < limit - 1 {
                #expect(try parser.next(from: &buffer) == nil)
            } else {
                let error = #expect(throws: RTSPParseError.self) { try parser.next(from: &buffer) }
                #expect(error?.status == .requestEntityTooLarge)
                #expect(buffer.readableBytes == limit)
                return
            }
        }
        Issue.record("no error after \(flood.count) bytes")
    }

    @Test("a head of exactly the limit is accepted")
    func headAtLimit() throws {
        let text = wire("OPTIONS * RTSP/1.0", "CSeq: 1")
        let limits = RTSPMessageParser.Limits(maxStartLineAndHeaderBytes: text.utf8.count)
        #expect(try parseAllAtOnce(text, limits: limits).count == 1)
        #expect(try parseByteAtATime(Array(text.utf8), limits: limits).count == 1)
        let smaller = RTSPMessageParser.Limits(maxStartLineAndHeaderBytes: text.utf8.count - 1)
        #expect(parseError(text, limits: smaller)?.status == .requestEntityTooLarge)
    }

    @Test("a request line longer than the limit is 414")
    func requestLineTooLong() {
        let text = "DESCRIBE rtsp://h/" + String(repeating: "a", count: 9000) + " RTSP/1.0\r\n\r\n"
        #expect(parseError(text)?.status == .requestURITooLarge)
    }

    @Test("an interleaved frame is not held to the header or body limits")
    func interleavedNotLimited() throws {
        let limits = RTSPMessageParser.Limits(maxStartLineAndHeaderBytes: 64, maxBodyBytes: 16)
        let bytes: [UInt8] = [0x24, 0x00, 0x01, 0x00] + [UInt8](repeating: 7, count: 256)
        #expect(try parseAllAtOnce(bytes, limits: limits).first?.interleavedFrame?.payload.readableBytes == 256)
    }

    @Test("after an error the parser keeps throwing it: the stream is out of step")
    func errorIsSticky() throws {
        var parser = RTSPMessageParser()
        var bad = ByteBuffer(string: "OPTIONS * RTSP/2.0\r\n\r\n")
        let first = #expect(throws: RTSPParseError.self) { try parser.next(from: &bad) }
        var good = ByteBuffer(string: vlcSession[0])
        let second = #expect(throws: RTSPParseError.self) { try parser.next(from: &good) }
        #expect(first == second)
        #expect(first?.status == .rtspVersionNotSupported)
    }

    @Test("a caller that drops the unconsumed bytes gets nonsense, not a trap")
    func misuseDoesNotTrap() throws {
        var parser = RTSPMessageParser()
        var first = ByteBuffer(string: "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: something long")
        #expect(try parser.next(from: &first) == nil)
        var unrelated = ByteBuffer(string: "\r\n\r\n")
        _ = try? parser.next(from: &unrelated)
        var empty = ByteBuffer()
        _ = try? parser.next(from: &empty)
    }

    @Test("errors describe status and reason")
    func errorDescription() {
        let error = RTSPParseError(status: .badRequest, reason: "header line without ':'")
        #expect(error.description == "400 Bad Request: header line without ':'")
    }

    /// Bytes drawn mostly from RTSP's own alphabet, so that inputs get past the first line often enough to exercise
    /// header, Content-Length and body handling, plus any byte at all.
    private static func randomInput(using generator: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = [
            "OPTIONS * RTSP/1.0", "RTSP/1.0 200 OK", "SETUP rtsp://h/c RTSP/1.0", "RTSP/2.0", "\r\n", "\n", "\r",
            "CSeq: 1", "Content-Length: ", "Content-Length: 3", "Content-Length: -1", ":", " ", "\t", "$", "0", "9",
            "abc", "\u{0}", "\u{7F}", "\u{FF}", "Transport: RTP/AVP;unicast", "\r\n\r\n",
        ].map { Array($0.utf8) }
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...24, using: &generator) {
            if Bool.random(using: &generator) {
                bytes += pieces.randomElement(using: &generator) ?? []
            } else {
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        return bytes
    }

    /// Valid streams with a few bytes flipped, dropped or inserted.
    private static func mutatedInput(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = mixedStream
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.remove(at: index)
            default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            }
        }
        return bytes
    }

    private static func randomChunks(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int.random(in: 1...16, using: &generator))
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }

    @Test("fixed-seed garbage never traps, only throws statuses a server can send, and chunking changes nothing")
    func garbageNeverTraps() {
        var generator = SeededGenerator(seed: 0x5254_5350)  // "RTSP"
        let limits = RTSPMessageParser.Limits(maxStartLineAndHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 8)
        let allowed: Set<Int> = [400, 413, 414, 505]
        var errors = 0
        var messages = 0
        for round in 0..<6000 {
            let input =
                round.isMultiple(of: 2)
                ? Self.randomInput(using: &generator) : Self.mutatedInput(using: &generator)
            for limits in [RTSPMessageParser.Limits(), limits] {
                let whole = outcome(chunks: [input[...]], limits: limits)
                let chunked = outcome(chunks: Self.randomChunks(input, using: &generator), limits: limits)
                #expect(whole == chunked, "input \(input)")
                if let error = whole.error {
                    errors += 1
                    #expect(allowed.contains(error.status.code), "\(error)")
                }
                messages += whole.messages.count
            }
        }
        // Both outcomes must actually occur, or the generator is not exercising the parser.
        #expect(errors > 1000)
        #expect(messages > 1000)
    }
}
