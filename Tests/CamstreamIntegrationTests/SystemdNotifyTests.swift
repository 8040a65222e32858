import Foundation
import SystemdTestSupport
import Testing

/// camstream started as systemd starts a Type=notify service with WatchdogSec=: it says READY=1 once it
/// serves, WATCHDOG=1 while it runs, STOPPING=1 when told to stop, over the socket in $NOTIFY_SOCKET.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SystemdNotifyTests {
    @Test func readyWatchdogAndStoppingReachNotifySocket() async throws {
        let socket = try NotifySocket(name: "camstream-it-notify-\(getpid())")
        // Read all the time, as systemd does, so the socket's queue never fills; ends 10 s after the last message.
        let (messages, continuation) = AsyncStream<String>.makeStream()
        let reader = Thread {
            while let message = socket.receive() { continuation.yield(message) }
            continuation.finish()
        }
        reader.start()
        var iterator = messages.makeAsyncIterator()

        // WATCHDOG_USEC as WatchdogSec=1s sets it: a ping every 500 ms.
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.systemdNotify,
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        let first = await iterator.next()
        // camstream logs its URLs before it sends READY=1, but they may not have come through the log pipe yet:
        // wait for the one READY names, so that every URL logged before it is in `lines` too.
        let readyURL = try #require(first?.components(separatedBy: "STATUS=Serving ").last)
        _ = await camstream.waitForLine(containing: "viewers can open \(readyURL)")
        let host = try #require(Self.firstLANHost(camstream))
        #expect(first == "READY=1\nSTATUS=Serving rtsp://\(host):\(camstream.port)/cam")
        #expect(await iterator.next() == "WATCHDOG=1")
        #expect(await camstream.stop() == 0)
        var afterStop: [String] = []
        while let message = await iterator.next() {
            afterStop.append(message)
            if message.hasPrefix("STOPPING=1") { break }
        }
        #expect(afterStop.last == "STOPPING=1\nSTATUS=Stopping: saying goodbye to viewers")
        #expect(afterStop.dropLast().allSatisfy { $0 == "WATCHDOG=1" })
    }

    /// The host of the first URL camstream logged that is not loopback (the one a person would type).
    static func firstLANHost(_ camstream: CamstreamProcess) -> String? {
        let hosts = camstream.lines.compactMap { line -> String? in
            guard let range = line.range(of: "viewers can open rtsp://") else { return nil }
            let hostAndPort = line[range.upperBound...].prefix { $0 != "/" }
            return String(hostAndPort.dropLast(":\(camstream.port)".count))
        }
        return hosts.first { $0 != "127.0.0.1" && $0 != "[::1]" } ?? hosts.first
    }
}

/// Under journald (stderr is the stream `$JOURNAL_STREAM` names), lines carry a syslog priority and no
/// timestamp of their own: the journal stamps every entry already.
@Suite(.timeLimit(.minutes(1)))
struct JournalLoggingTests {
    @Test func linesHavePrioritiesAndNoTimestamps() async throws {
        let camstream = try await CamstreamProcess(
            arguments: ["--source", "test", "--size", "320x240", "--port", "0", "--http-port", "0", "--rtp-ports", "\(PortRanges.journal.lowerBound)-\(PortRanges.journal.upperBound)",
                        "--max-viewers", "10"],
            asJournal: true)
        let started = try #require(await camstream.waitForLine(containing: "viewers can open rtsp://127.0.0.1:"))
        #expect(started == "<6>info camstream: viewers can open rtsp://127.0.0.1:\(camstream.port)/cam")
        // Listening on every address with no users is said loudly, at warning priority.
        #expect(camstream.lines.contains { $0.hasPrefix("<4>warning camstream: NO USERS ARE CONFIGURED") })
        #expect(camstream.lines.allSatisfy { $0.hasPrefix("<") }, "\(camstream.lines)")
        #expect(!camstream.lines.contains { $0.range(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d"#, options: .regularExpression) != nil })
        #expect(await camstream.stop() == 0)
    }
}
