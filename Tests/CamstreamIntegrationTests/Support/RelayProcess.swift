import Foundation
import ProcessTestSupport

/// A relay the push tests publish to (gst-rtsp-server in RECORD mode, or a relay that stalls), run from
/// Tests/CamstreamIntegrationTests/Relays with Debian's python3 (the one with GObject and GStreamer), its
/// stdout collected line by line so a test waits for "decoded 30 …" with a deadline.
final class RelayProcess: @unchecked Sendable {
    // @unchecked: `process` is only started, signalled and waited on; `output` is thread-safe.
    private let process: Process
    private let output: LogCollector
    let port: Int

    init(script: String, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Repository.path("Tests/CamstreamIntegrationTests/Relays/\(script)")] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let output = LogCollector(stdout.fileHandleForReading)
        try process.run()
        self.process = process
        self.output = output
        guard let line = await OwnThread.run({ output.waitForLine(containing: "listening ", timeout: .seconds(20)) }),
            let port = Int(line.split(separator: " ").last ?? "")
        else {
            process.terminate()
            throw CamstreamProcess.Failure(description: "\(script) did not start: \(output.lines)")
        }
        self.port = port
    }

    var lines: [String] { output.lines }

    func waitForLine(containing text: String, timeout: Duration = .seconds(20)) async -> String? {
        let output = output
        return await OwnThread.run { output.waitForLine(containing: text, timeout: timeout) }
    }

    func waitForLines(containing text: String, count: Int, timeout: Duration = .seconds(20)) async -> [String] {
        let output = output
        return await OwnThread.run { output.waitForLines(containing: text, count: count, timeout: timeout) }
    }

    /// SIGKILL, as a relay that crashes goes: no TEARDOWN, no FIN from an orderly close of its sessions.
    func kill() async {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        let process = process
        await OwnThread.run { process.waitUntilExit() }
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// A loopback TCP port free right now (bound to port 0, read, released), for a relay that must be started
/// again on the same port.
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw CamstreamProcess.Failure(description: "socket: \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw CamstreamProcess.Failure(description: "bind: \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
