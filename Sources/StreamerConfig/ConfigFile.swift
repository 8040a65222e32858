#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a config file with the operating system's own words for what went wrong (`Permission denied`),
/// since "cannot read" alone sends a person guessing.
struct ConfigFile {
    var text: String
    /// Permission bits, for the warning about passwords readable by every user.
    var mode: mode_t

    /// A config is a page of text; anything larger is not one (or is the wrong file).
    static let sizeLimit = 1 << 20

    enum ReadError: Error {
        case missing
        case unreadable(String)
    }

    static func load(_ path: String) throws(ReadError) -> ConfigFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .missing }
            throw .unreadable(Self.reason(code))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(Self.reason(errno)) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable("it is a directory, not a file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(Self.reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > sizeLimit { throw .unreadable("larger than \(sizeLimit / 1024) KiB, which no camstream config is") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadable("not UTF-8 text")
        }
        return ConfigFile(text: text, mode: status.st_mode & 0o7777)
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
