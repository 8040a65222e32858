import Glibc

/// The receiving end of sd_notify, as systemd holds it: a Unix datagram socket, here with a receive
/// timeout so a test waits a bounded time for each message and never forever. (SwiftNIO has no Unix
/// datagram sockets, hence plain Glibc.) Shared by the notifier's unit tests and the binary's.
public final class NotifySocket: Sendable {
    public let path: String
    private let descriptor: Int32

    /// - Parameter abstract: bind in the abstract namespace (`@name`), as systemd itself does.
    public init(name: String, abstract: Bool = false) throws {
        path = abstract ? "@\(name)" : "/tmp/\(name).sock"
        if !abstract { unlink(path) }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw Failure("bind \(path): errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// The next datagram, or `nil` after ten seconds without one.
    public func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Messages until one contains `text`, or `nil` when none does within the timeout.
    public func receive(containing text: String) -> [String]? {
        var seen: [String] = []
        while let message = receive() {
            seen.append(message)
            if message.contains(text) { return seen }
        }
        return nil
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
