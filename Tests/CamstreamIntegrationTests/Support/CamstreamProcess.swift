import Foundation
import ProcessTestSupport

/// The real `camstream` binary, started on a free port, with its log captured line by line.
///
/// Tests wait on log lines with a deadline (a condition variable, not a sleep), and assert on
/// them afterwards, e.g. that exactly one encoder was opened for several viewers.
final class CamstreamProcess: @unchecked Sendable {
    // @unchecked: `process` is only started, signalled and waited on; `log` is thread-safe.
    let port: Int
    private let process: Process
    private let log: LogCollector

    /// The binary SwiftPM built next to this test bundle.
    static var executablePath: String { BuiltProducts.camstream }

    /// On a free port, with `rtpPorts` (which holds the ten viewers any test needs), and without ONVIF: its
    /// WS-Discovery would multicast Hello on the host's network; ONVIFTests turn it on in namespaces of their own.
    /// - Parameter namespace: runs camstream inside this network namespace (`ip netns exec` execs it, so the
    ///   process is camstream itself and SIGTERM reaches it).
    convenience init(
        _ arguments: [String], rtpPorts: ClosedRange<Int>, environment: [String: String] = [:], namespace: NetworkNamespace? = nil
    ) async throws {
        let launcher = try namespace.map { namespace in
            let command = namespace.command([])
            return [try Subprocess.which(command[0])] + command.dropFirst()
        }
        try await self.init(
            arguments: [
                "--port", "0", "--http-port", "0", "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)", "--max-viewers", "10",
                "--onvif", "false",
            ] + arguments,
            environment: environment, launcher: launcher ?? [])
    }

    /// With exactly `arguments`, run through `launcher` when given (e.g. `ip netns exec NAME`).
    /// `asJournal` sets `$JOURNAL_STREAM` to the log pipe, as systemd does when stderr is the journal.
    init(arguments: [String], environment extra: [String: String] = [:], launcher: [String] = [], asJournal: Bool = false) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? Self.executablePath)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [Self.executablePath] + arguments
        let stderr = Pipe()
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["JOURNAL_STREAM"] = nil
        if asJournal {
            var status = stat()
            fstat(stderr.fileHandleForWriting.fileDescriptor, &status)
            environment["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let log = LogCollector(stderr.fileHandleForReading)
        try process.run()
        self.process = process
        self.log = log
        guard let line = await OwnThread.run({ log.waitForLine(containing: "viewers can open rtsp://127.0.0.1:", timeout: .seconds(20)) }),
            let port = Self.port(in: line)
        else {
            process.terminate()
            throw Failure(description: "camstream did not start; its log:\n\(log.lines.joined(separator: "\n"))")
        }
        self.port = port
    }

    var url: String { "rtsp://127.0.0.1:\(port)/cam" }

    /// Resident memory and open descriptors, read from /proc: what a soak compares before and after.
    var resources: (rssKiB: Int, openFiles: Int) {
        let pid = process.processIdentifier
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
        return (rss, files)
    }
    var lines: [String] { log.lines }
    var processIdentifier: Int32 { process.processIdentifier }

    func waitForLine(containing text: String, timeout: Duration = .seconds(10)) async -> String? {
        let log = log
        return await OwnThread.run { log.waitForLine(containing: text, timeout: timeout) }
    }

    /// Waits until `count` log lines contain `text`; returns them (fewer at the deadline).
    func waitForLines(containing text: String, count: Int, timeout: Duration = .seconds(10)) async -> [String] {
        let log = log
        return await OwnThread.run { log.waitForLines(containing: text, count: count, timeout: timeout) }
    }

    /// Waits, sending no signal, for camstream to exit on its own: its status and whether a signal ended
    /// it (a crash), or nil if it still runs at the deadline.
    func waitForExit(timeout: Duration) async -> (status: Int32, signalled: Bool)? {
        let log = log
        let process = process
        return await OwnThread.run {
            // Its stderr closes when it exits; after that, the wait for its status is immediate.
            guard log.waitForEnd(timeout: timeout) else { return nil }
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
        }
    }

    /// SIGTERM, as systemd stops it; returns the exit status.
    func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        let process = process
        await OwnThread.run { process.waitUntilExit() }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    private static func port(in line: String) -> Int? {
        guard let range = line.range(of: "rtsp://127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix(while: \.isNumber))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}

/// Reads a pipe on its own thread and keeps every line, waking waiters as lines arrive.
final class LogCollector: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    private let condition = NSCondition()
    private var collected: [String] = []
    private var finished = false

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    append(line)
                }
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    private func append(_ line: String) {
        condition.lock()
        collected.append(line)
        condition.broadcast()
        condition.unlock()
    }

    var lines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return collected
    }

    func waitForLine(containing text: String, timeout: Duration) -> String? {
        waitForLines(containing: text, count: 1, timeout: timeout).first
    }

    /// Waits until the writer has closed the pipe (the process exited); false if it is still open at the deadline.
    func waitForEnd(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }

    func waitForLines(containing text: String, count: Int, timeout: Duration) -> [String] {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let matching = collected.filter { $0.contains(text) }
            if matching.count >= count || finished || !condition.wait(until: deadline) {
                return collected.filter { $0.contains(text) }
            }
        }
    }
}
