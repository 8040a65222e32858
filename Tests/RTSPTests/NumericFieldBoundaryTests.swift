import NIOCore
import RTSP
import SeededRandom
import Testing

/// Every numeric field a client controls, fed the integers where conversions and `+ 1` break: each parse gives a
/// value or an `RTSPParseError`, never a trap, and what parses renders back to itself.
@Suite struct NumericFieldBoundaryTests {
    /// 0, 1, the edges of 8, 16, 31, 32 and 63 bits, a number no integer type holds, and forms that are not
    /// numbers at all (a sign, a blank, a fraction, hex).
    static let boundaries = [
        "0", "1", "2", "254", "255", "256", "65534", "65535", "65536", "2147483647", "2147483648", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        String(repeating: "9", count: 40), String(repeating: "1", count: 400), "-1", "-0", "+1", " 1", "1 ", "1.5", "0x10", "",
        "00000000000000000000001",
    ]

    /// One random boundary, or two joined by `-` as a range, in a fixed-seed sequence.
    static func value(using generator: inout SeededGenerator) -> String {
        let first = boundaries.randomElement(using: &generator)!
        guard Bool.random(using: &generator) else { return first }
        return first + "-" + boundaries.randomElement(using: &generator)!
    }

    @Test func transportFields() throws {
        var generator = SeededGenerator(seed: 0x7261_6E73)
        let keys = ["client_port", "server_port", "port", "interleaved", "ttl", "ssrc", "layers"]
        let protocols = ["RTP/AVP", "RTP/AVP/TCP", "RTP/AVP/UDP"]
        for _ in 0..<4000 {
            var parameters = [protocols.randomElement(using: &generator)!, Bool.random(using: &generator) ? "unicast" : "multicast"]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                parameters.append("\(keys.randomElement(using: &generator)!)=\(Self.value(using: &generator))")
            }
            let text = parameters.joined(separator: ";")
            do {
                let header = try TransportHeader(parsing: text)
                #expect(try TransportHeader(parsing: header.rendered) == header, "\(text) → \(header.rendered)")
                for spec in header.specs {
                    for range in [spec.clientPort, spec.serverPort, spec.port].compactMap({ $0 }) {
                        #expect(range.lowerBound <= range.upperBound)
                    }
                }
            } catch {
                #expect([.badRequest, .unsupportedTransport].contains(error.status), "\(text): \(error)")
            }
        }
    }

    @Test func sessionTimeoutAndRTPInfoFields() throws {
        var generator = SeededGenerator(seed: 0x7365_7373)
        for _ in 0..<2000 {
            let session = "0123ABCD;timeout=\(Self.value(using: &generator))"
            if let header = try? SessionHeader(parsing: session) {
                #expect(try SessionHeader(parsing: header.rendered) == header)
                #expect((header.timeout ?? 0) >= 0)
            }
            let info = "url=rtsp://h/cam/trackID=0;seq=\(Self.value(using: &generator));rtptime=\(Self.value(using: &generator))"
            if let header = try? RTPInfoHeader(parsing: info) {
                #expect(try RTPInfoHeader(parsing: header.rendered) == header)
            }
        }
    }

    @Test func rangeTimes() throws {
        var generator = SeededGenerator(seed: 0x7261_6E67)
        for _ in 0..<2000 {
            let start = Self.boundaries.randomElement(using: &generator)!
            let end = Bool.random(using: &generator) ? "" : Self.boundaries.randomElement(using: &generator)!
            let minutes = (["00", "59", "60"] + Self.boundaries).randomElement(using: &generator)!
            for text in ["npt=\(start)-\(end)", "npt=\(start):\(minutes):00-", "npt=\(start).\(end)-", "npt=now-\(end)"] {
                guard let range = try? RangeHeader(parsing: text) else { continue }
                // Rendering converts seconds to integer milliseconds: it must not trap either, and must parse.
                #expect((try? RangeHeader(parsing: range.rendered)) != nil, "\(text) → \(range.rendered)")
            }
        }
    }

    /// Found by `rangeTimes`: 4294967295 hours parsed, and rendered as a time no parser (this one included) takes.
    @Test func hoursBeyondTheLongestTimeAreRefused() throws {
        #expect(throws: RTSPParseError.self) { try RangeHeader(parsing: "npt=4294967295:59:00-") }
        let longest = try RangeHeader(parsing: "npt=277777777:46:40-")
        #expect(longest.start == .seconds(1e12))
        #expect(try RangeHeader(parsing: longest.rendered) == longest)
    }

    /// CSeq and Content-Length through the message parser, with the body a length announces when it is within
    /// the limit: a message or an error, and a CSeq is a number only when it is one.
    @Test func cseqAndContentLength() throws {
        var generator = SeededGenerator(seed: 0x6373_6571)
        let limits = RTSPMessageParser.Limits(maxBodyBytes: 70000)
        for _ in 0..<1500 {
            let cseq = Self.boundaries.randomElement(using: &generator)!
            let length = Self.boundaries.randomElement(using: &generator)!
            // The parser trims the value; a length it accepts is digits only.
            let digits = length.filter { $0 != " " }
            let announced = !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isWholeNumber }) ? Int(digits) : nil
            let body = announced.map { (0...limits.maxBodyBytes).contains($0) ? String(repeating: "x", count: $0) : "" } ?? ""
            let text = "SET_PARAMETER * RTSP/1.0\r\nCSeq: \(cseq)\r\nContent-Length: \(length)\r\n\r\n\(body)"
            var parser = RTSPMessageParser(limits: limits)
            var buffer = ByteBuffer(string: text)
            do {
                let message = try parser.next(from: &buffer)
                guard case .request(let request) = message else {
                    Issue.record("\(cseq)/\(length): no request from a whole message")
                    continue
                }
                #expect(request.body?.readableBytes == announced)
                if cseq.contains(where: { !$0.isWholeNumber && $0 != " " }) { #expect(request.cseq == nil, "CSeq \(cseq)") }
            } catch {
                #expect([.badRequest, .requestEntityTooLarge].contains(error.status), "\(cseq)/\(length): \(error)")
            }
        }
    }
}
