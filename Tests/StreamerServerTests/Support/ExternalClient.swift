import Foundation

/// Runs a real client program (ffmpeg) to completion with a deadline, capturing its output.
enum ExternalClient {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ name: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try which(name))
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
        }
        async let stdout = OwnThread.run { out.fileHandleForReading.readDataToEndOfFile() }
        async let stderr = OwnThread.run { err.fileHandleForReading.readDataToEndOfFile() }
        let (outData, errData) = await (stdout, stderr)
        await OwnThread.run { process.waitUntilExit() }
        killer.cancel()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func which(_ name: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw NotInstalled(name: name)
    }

    struct NotInstalled: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not installed; run scripts/install-deps test" }
    }
}
