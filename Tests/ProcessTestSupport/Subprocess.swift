import Foundation

/// Runs an external program (ffmpeg, ffprobe, gst-launch-1.0) to completion and captures its output.
/// A deadline guards every run: a client that hangs is killed and reported, never waited on forever.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var timedOut: Bool
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try which(executable))
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let killer = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
            return true
        }
        async let stdout = OwnThread.run { out.fileHandleForReading.readDataToEndOfFile() }
        async let stderr = OwnThread.run { err.fileHandleForReading.readDataToEndOfFile() }
        let (outData, errData) = await (stdout, stderr)
        await OwnThread.run { process.waitUntilExit() }
        killer.cancel()
        let timedOut = (try? await killer.value) ?? false
        return Result(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut)
    }

    public static func which(_ name: String) throws -> String {
        if name.hasPrefix("/") { return name }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw NotFound(name: name)
    }

    public struct NotFound: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "\(name) is not installed; run scripts/install-deps test" }
    }
}
