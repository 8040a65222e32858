import Glibc
import RTSPClient
import StreamerConfig

/// Reads a push target's `password_file` when camstream starts: the only file a push needs besides the config.
enum PushPasswordFile {
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "push password_file \(path): \(reason)" }
    }

    /// The target's URL with its credentials filled in.
    static func resolvedURL(_ target: PushSettings) throws -> RTSPURL {
        guard case .file(let path) = target.password else { return target.resolvedURL() }
        return target.resolvedURL(passwordFileContent: try read(path))
    }

    /// Up to 4 KiB of `path`: a password, not a file to slurp whole.
    static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw Unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = fread(&bytes, 1, bytes.count, file)
        guard ferror(file) == 0 else { throw Unreadable(path: path, reason: "read failed") }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}
