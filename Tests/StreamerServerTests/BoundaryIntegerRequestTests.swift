import NIOCore
import RTSP
import SeededRandom
import Testing

@testable import StreamerServer

/// Requests whose every numeric field — Transport ports, channels, ttl and ssrc, Range times, the Session timeout,
/// CSeq, Content-Length — holds an integer where conversions break, sent to the real server over loopback: each
/// gets an answer with a status the RFCs define for it (never a 500, never silence), a readable CSeq comes back,
/// and the server serves normally afterwards. A trap anywhere would end the test process.
/// Ports 3175x-3176x are this test's own (UDPTransportTests lists the others).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BoundaryIntegerRequestTests {
    static let boundaries = [
        "0", "1", "2", "254", "255", "256", "65534", "65535", "65536", "2147483648", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", String(repeating: "9", count: 40), "-1", "+1", "1.5",
    ]
    static let expectedStatuses: Set<Int> = [200, 400, 404, 413, 451, 453, 454, 455, 459, 461, 503]
    static let rounds = 400

    static func value(using generator: inout SeededGenerator) -> String {
        let first = boundaries.randomElement(using: &generator)!
        return Bool.random(using: &generator) ? first : first + "-" + boundaries.randomElement(using: &generator)!
    }

    /// One request with random boundary values; `sessions` are ids the server handed out, sometimes named.
    static func request(using generator: inout SeededGenerator, sessions: [String]) -> (text: String, cseq: String) {
        let cseq =
            Int.random(in: 0..<4, using: &generator) == 0
            ? boundaries.randomElement(using: &generator)! : "\(Int.random(in: 1...999, using: &generator))"
        func v() -> String { value(using: &generator) }
        let session = sessions.isEmpty || Bool.random(using: &generator) ? "0123456789ABCDEF" : sessions.randomElement(using: &generator)!
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            let transport = [
                "RTP/AVP;unicast;client_port=\(v())", "RTP/AVP/TCP;unicast;interleaved=\(v())", "RTP/AVP;multicast;port=\(v());ttl=\(v())",
                "RTP/AVP;unicast;client_port=\(v());server_port=\(v());ssrc=\(v())",
                "RTP/AVP/TCP;interleaved=\(v()),RTP/AVP;client_port=\(v())",
            ].randomElement(using: &generator)!
            return ("SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: \(transport)\r\n\r\n", cseq)
        case 1:
            // An unknown session only: PLAY of a real one waits for a keyframe this test does not make.
            return (
                "PLAY rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: \(cseq)\r\nSession: 0123456789ABCDEF;timeout=\(v())\r\nRange: npt=\(v())\r\n\r\n",
                cseq
            )
        case 2:
            return ("GET_PARAMETER * RTSP/1.0\r\nCSeq: \(cseq)\r\nSession: \(session);timeout=\(v())\r\n\r\n", cseq)
        case 3:
            return ("TEARDOWN rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: \(cseq)\r\nSession: \(session)\r\n\r\n", cseq)
        case 4:
            let length = boundaries.randomElement(using: &generator)!
            let announced = Int(length).flatMap { (1...ServerLimits().maxRequestBodyBytes).contains($0) ? $0 : nil }
            let body = String(repeating: "\n", count: announced ?? 0)
            return ("SET_PARAMETER * RTSP/1.0\r\nCSeq: \(cseq)\r\nContent-Length: \(length)\r\n\r\n\(body)", cseq)
        default:
            return ("OPTIONS * RTSP/1.0\r\nCSeq: \(cseq)\r\nSession: \(session);timeout=\(v())\r\n\r\n", cseq)
        }
    }

    @Test func everyRequestGetsAnAnswer() async throws {
        let server = try await LoopbackServer(rtpPorts: 31750...31769)
        var generator = SeededGenerator(seed: 0x626F_756E_6473)
        var client = try await LoopbackRTSPClient(port: server.port)
        var sessions: [String] = []
        var statuses: [Int: Int] = [:]
        for _ in 0..<Self.rounds {
            let (text, cseq) = Self.request(using: &generator, sessions: sessions)
            let answer = try await client.send(text)
            guard let answer else {
                Issue.record("no answer to \(text.prefix(200)); the server said \(server.log.all.suffix(3))")
                break
            }
            statuses[answer.status.code, default: 0] += 1
            #expect(Self.expectedStatuses.contains(answer.status.code), "\(answer.status.code) for \(text.prefix(200))")
            if cseq.allSatisfy(\.isWholeNumber), (1...18).contains(cseq.count) {
                #expect(answer.headers["CSeq"] == cseq, "CSeq \(cseq) for \(text.prefix(200))")
            }
            if let value = answer.headers["Session"], let id = try? SessionHeader(parsing: value).id, !sessions.contains(id) {
                sessions.append(id)
            }
            if answer.headers["Connection"]?.lowercased() == "close" {
                await client.close()
                client = try await LoopbackRTSPClient(port: server.port)
            }
        }
        // Served, refused as malformed, refused as unusable, and unknown sessions: not one refusal over and over.
        #expect([200, 400, 454, 461].allSatisfy { statuses[$0, default: 0] > 0 }, "\(statuses)")
        let fresh = try await LoopbackRTSPClient(port: server.port)
        #expect(try await fresh.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")?.status == .ok)
        await fresh.close()
        await client.close()
        await server.stop()
    }
}
