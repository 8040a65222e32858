import Foundation
import Glibc
import ProcessTestSupport
import RTSP
import Testing

/// The regression for a client that pipelines `OPTIONS` (no credentials needed) and never reads the answers: on
/// 4403ed0 camstream grew from 24 MB to 79 MB resident in four seconds of it. Now the connection's queue is bounded,
/// the server stops reading it, and the connection is closed; the process barely grows.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct NeverReadingClientTests {
    /// What the process may grow by while the client blasts: a connection's queue (256 KiB) and read buffers,
    /// with room for the allocator's own slack.
    static let growthBoundKiB = 8 * 1024

    @Test func aClientThatNeverReadsItsAnswersCostsBoundedMemoryAndIsDisconnected() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.neverReadingClient)
        let before = camstream.resources.rssKiB
        let blast = await OwnThread.run { Self.blast(port: camstream.port, camstream: camstream) }
        let after = camstream.resources.rssKiB
        // The client can see the close before camstream's log line about it has come through the pipe.
        _ = await camstream.waitForLine(containing: "; closing connection")
        let closing = camstream.lines.filter {
            $0.contains("too many pipelined requests") || $0.contains("client is not reading what it is sent")
        }
        print(
            "never-reading client: sent \(blast.sentBytes) bytes of OPTIONS in \(blast.seconds) s; camstream RSS \(before) KiB before, "
                + "\(blast.peakRSSKiB) KiB at most during, \(after) KiB after; connection closed by the server: \(blast.closedByServer) "
                + "(\(closing.first ?? "no line"))")
        #expect(blast.closedByServer, "the server never closed the connection")
        #expect(blast.peakRSSKiB - before < Self.growthBoundKiB)
        #expect(closing.count == 1, "log:\n\(camstream.lines.suffix(20).joined(separator: "\n"))")

        // Everyone else is still served.
        let answer = try await RTSPTestClient.withConnection(port: camstream.port) { client in try await client.request(.options, "*") }
        #expect(answer.status == .ok)
        #expect(await camstream.stop() == 0)
    }

    struct Blast: Sendable {
        var sentBytes = 0
        var seconds = 0.0
        var peakRSSKiB = 0
        var closedByServer = false
    }

    /// Writes pipelined OPTIONS as fast as the kernel takes them and reads nothing, for at most 64 MiB or 40 s
    /// (past the 30 s stall timeout), until the server closes the connection; samples camstream's RSS as it goes.
    static func blast(port: Int, camstream: CamstreamProcess) -> Blast {
        var result = Blast()
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return result }
        defer { close(descriptor) }
        var small: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return result }

        let chunk = Array(String(repeating: "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", count: 2048).utf8)
        let start = Date()
        // Where in `chunk` the next send starts: a partial send is finished before the chunk starts over, so every
        // request arrives whole.
        var offset = 0
        while result.sentBytes < 64 << 20, Date().timeIntervalSince(start) < 40 {
            let sent = chunk.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            result.peakRSSKiB = max(result.peakRSSKiB, camstream.resources.rssKiB)
            if sent > 0 {
                result.sentBytes += sent
                offset = (offset + sent) % chunk.count
            } else if sent < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
                // ECONNRESET or EPIPE: the server closed the connection with our requests unread.
                result.closedByServer = true
                break
            }
        }
        result.seconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
        return result
    }
}
