import Foundation
import ProcessTestSupport

/// A real program that runs beside camstream for the length of a test (a Prometheus server, a playing ffmpeg),
/// its stderr collected line by line so the test waits for a line with a deadline, and stopped with SIGKILL: a child
/// started from the test runner inherits its mask of blocked signals, so ffmpeg's and Prometheus' SIGTERM handlers
/// never run (the signal stays pending; seen in /proc/PID/status as ShdPnd 0x4000 with SigBlk covering it).
final class BackgroundProgram: @unchecked Sendable {
    // @unchecked: `process` is only started, signalled and waited on; `log` is thread-safe.
    private let process: Process
    private let log: LogCollector

    init(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Subprocess.which(executable))
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        log = LogCollector(stderr.fileHandleForReading)
        try process.run()
        self.process = process
    }

    var lines: [String] { log.lines }
    var isRunning: Bool { process.isRunning }

    func waitForLine(containing text: String, timeout: Duration = .seconds(20)) async -> String? {
        let log = log
        return await OwnThread.run { log.waitForLine(containing: text, timeout: timeout) }
    }

    /// SIGKILL, which no mask blocks; returns once it has exited.
    func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let process = process
        await OwnThread.run { process.waitUntilExit() }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
