#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sends sd_notify(3) messages (`READY=1`, `WATCHDOG=1`, `STOPPING=1`, `STATUS=…`) to `$NOTIFY_SOCKET`
/// with one datagram each, as libsystemd does, without linking libsystemd.
///
/// A failed send is returned, not thrown, and a send never blocks (the socket is non-blocking): a
/// service must never stop serving, nor hang at shutdown, because its supervisor is not reading.
///
/// Specification: sd_notify(3)
public final class SystemdNotifier: Sendable {
    private let descriptor: Int32
    private let address: sockaddr_un
    private let addressLength: socklen_t

    /// - Parameter socketPath: a file system path, or `@name` for a socket in the abstract namespace.
    public init(socketPath: String) throws(SystemdNotifierError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        guard bytes.first == UInt8(ascii: "/") || bytes.first == UInt8(ascii: "@") else {
            throw .invalidSocketPath(socketPath)
        }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw .invalidSocketPath(socketPath) }
        // Abstract namespace: the name starts with a NUL byte and its length is not NUL-terminated.
        let isAbstract = bytes[0] == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        self.addressLength = socklen_t(pathOffset + bytes.count + (isAbstract ? 0 : 1))
        self.address = address
        #if canImport(Glibc)
            let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        #else
            let type = SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK
        #endif
        let descriptor = socket(AF_UNIX, type, 0)
        guard descriptor >= 0 else { throw .cannotCreateSocket(errno: errno) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends newline-separated assignments, e.g. `"READY=1\nSTATUS=Serving rtsp://…"`, as one datagram.
    /// `false` when it could not be sent, including when the receiver's queue is full.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        var address = self.address
        let sent = state.utf8CString.withUnsafeBufferPointer { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, text.baseAddress, text.count - 1, Int32(MSG_NOSIGNAL), socketAddress, addressLength)
                }
            }
        }
        return sent == state.utf8.count
    }
}

public enum SystemdNotifierError: Error, Hashable, CustomStringConvertible {
    case invalidSocketPath(String)
    case cannotCreateSocket(errno: Int32)

    public var description: String {
        switch self {
        case .invalidSocketPath(let path):
            "NOTIFY_SOCKET '\(path)' is neither an absolute path nor an @abstract name of at most 107 bytes"
        case .cannotCreateSocket(let code):
            "cannot create the notification socket: \(String(cString: strerror(code)))"
        }
    }
}
