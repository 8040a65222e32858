import Foundation
import RTSP
import Testing

/// 200 clients that set up, play and vanish without TEARDOWN: every session is reaped (UDP ones at the session
/// timeout, TCP ones when their connection drops) and camstream's file descriptors and memory come back to
/// where they were. The test prints both, before and after.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SessionReapingSoakTests {
    static let cycles = 200
    static let warmUpCycles = 20
    /// Slack for the allocator keeping freed pages (glibc does not return every one); a leak of one session's
    /// sockets, buffers and strings per cycle would show as far more than this over 200 cycles.
    static let memorySlackKiB = 4096

    /// One client: SETUP over UDP (even cycles) or TCP (odd), PLAY, then gone without TEARDOWN.
    static func vanishingClient(_ camstream: CamstreamProcess, cycle: Int) async throws {
        try await RTSPTestClient.withConnection(port: camstream.port) { client in
            // Client ports nobody listens on, below the ephemeral range: the vanished client's RTP goes nowhere.
            let clientPort = 29000 + 2 * (cycle % 400)
            let transport =
                cycle % 2 == 0 ? "RTP/AVP;unicast;client_port=\(clientPort)-\(clientPort + 1)" : "RTP/AVP/TCP;unicast;interleaved=0-1"
            let setup = try await client.request(.setup, client.baseURL + "/trackID=0", headers: [("Transport", transport)])
            try #require(setup.status == .ok, "cycle \(cycle): SETUP answered \(setup.status)")
            let play = try await client.request(.play, client.baseURL + "/")
            try #require(
                play.status == .ok,
                "cycle \(cycle): PLAY answered \(play.status): \(camstream.lines.filter { $0.contains("refused") || $0.contains("timed out") }.suffix(5))"
            )
        }
    }

    static func openFileDescriptors(of pid: Int32) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
    }

    static func residentKiB(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ").dropFirst().first ?? ""))
    }

    @Test func vanishedClientsAreReapedAndResourcesReturn() async throws {
        let camstream = try await CamstreamProcess(
            [
                "--source", "test", "--size", "160x120", "--session-timeout", "10", "--max-viewers", "250",
                // Every client comes from 127.0.0.1, and the UDP ones stay until their timeout.
                "--max-sessions-per-address", "250",
            ], rtpPorts: PortRanges.reapingSoak)
        let pid = camstream.processIdentifier

        for cycle in 0..<Self.warmUpCycles { try await Self.vanishingClient(camstream, cycle: cycle) }
        #expect(
            await camstream.waitForLines(containing: "viewer left", count: Self.warmUpCycles, timeout: .seconds(20)).count
                == Self.warmUpCycles)
        let fdsBefore = try Self.openFileDescriptors(of: pid)
        let memoryBefore = try Self.residentKiB(of: pid)

        for cycle in Self.warmUpCycles..<(Self.warmUpCycles + Self.cycles) {
            try await Self.vanishingClient(camstream, cycle: cycle)
        }
        let total = Self.warmUpCycles + Self.cycles
        let left = await camstream.waitForLines(containing: "viewer left", count: total, timeout: .seconds(30))
        let fdsAfter = try Self.openFileDescriptors(of: pid)
        let memoryAfter = try Self.residentKiB(of: pid)
        print(
            "camstream after \(Self.cycles) vanished clients: file descriptors \(fdsBefore) → \(fdsAfter), resident memory \(memoryBefore) KiB → \(memoryAfter) KiB"
        )

        #expect(left.count == total, "every session ended")
        #expect(left.filter { $0.contains("rtsp.reason=timeout") }.count == total / 2, "UDP sessions end at their timeout")
        #expect(left.filter { $0.contains("rtsp.reason=connection closed") }.count == total / 2, "TCP sessions end with their connection")
        // One or two may be mid-close (a connection the last client just dropped); a leak per session would be
        // hundreds after 200 of them.
        #expect(fdsAfter <= fdsBefore + 2, "file descriptors \(fdsBefore) → \(fdsAfter)")
        #expect(memoryAfter <= memoryBefore + Self.memorySlackKiB, "resident memory \(memoryBefore) KiB → \(memoryAfter) KiB")
        #expect(await camstream.stop() == 0)
    }
}
