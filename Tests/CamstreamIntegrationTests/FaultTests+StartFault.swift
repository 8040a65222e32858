import Foundation
import ProcessTestSupport
import SystemdTestSupport
import Testing

/// A stream that dies as it starts, run under systemd's eyes: the encoder fails on its very first frame (the
/// cue file exists before camstream starts), often before the server has finished starting. camstream must still
/// exit non-zero with its one critical line, and stop vouching for itself to the watchdog once it has decided to.
extension FaultTests {
    @Test func aStreamThatDiesAtStartEndsTheProcessAndStopsTheWatchdog() async throws {
        let directory = try TemporaryDirectory("start-fault")
        let injector = try await Self.compileEncoderFaultInjector(into: directory)
        let cue = directory.path("fail-now")
        #expect(FileManager.default.createFile(atPath: cue, contents: nil))
        let socket = try NotifySocket(name: "camstream-it-start-fault-\(getpid())")
        // Read all the time, as systemd does; ends 10 s after the last message.
        let messages = Thread.collecting { socket.receive() }

        // `env` sets the environment of camstream alone; WATCHDOG_USEC as WatchdogSec=1s sets it.
        let result = try await Subprocess.run(
            "env",
            [
                "SWIFT_BACKTRACE=enable=no", "LD_PRELOAD=\(injector)", "CAMSTREAM_FAULT_X264_WHEN=\(cue)", "NOTIFY_SOCKET=\(socket.path)",
                "WATCHDOG_USEC=1000000", CamstreamProcess.executablePath, "--source", "test", "--size", "320x240", "--port", "0",
                "--max-viewers", "10", "--rtp-ports", "\(PortRanges.startFault.lowerBound)-\(PortRanges.startFault.upperBound)",
            ],
            timeout: .seconds(30))
        #expect(!result.timedOut, "camstream still ran 30 s after its only stream died; log:\n\(result.stderr)")
        #expect(result.status != 0)
        let exits = result.stderr.split(separator: "\n").filter { $0.contains("every stream has ended") }
        #expect(exits.count == 1, "log:\n\(result.stderr)")
        #expect(exits.allSatisfy { $0.contains(" critical ") && $0.contains("(stream 'cam': encoder failed)") }, "log:\n\(result.stderr)")

        // Whatever came before the failure (READY=1 and pings, if the server got that far), nothing pinged after it.
        let told = await messages.value
        let failure = try #require(told.firstIndex { $0.hasPrefix("STATUS=Failed") }, "told systemd: \(told)")
        #expect(told[failure] == "STATUS=Failed: every stream has ended (stream 'cam': encoder failed)")
        #expect(Array(told[(failure + 1)...]) == ["STOPPING=1"], "told systemd: \(told)")
    }
}

extension Thread {
    /// Calls `next` on a thread of its own until it returns nil; the task's value is everything it returned.
    static func collecting(_ next: @escaping @Sendable () -> String?) -> Task<[String], Never> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        Thread {
            while let item = next() { continuation.yield(item) }
            continuation.finish()
        }.start()
        return Task { await stream.reduce(into: []) { $0.append($1) } }
    }
}
