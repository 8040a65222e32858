import Glibc
import NIOCore

/// Checks that ports can be bound, the way the server binds them, by binding and at once closing a socket.
public enum PortProbe {
    public enum Outcome: Sendable, Hashable {
        /// Bound on this address (the first of the server's list that worked).
        case free(address: String)
        case inUse
        /// Another failure, in the system's words (`Permission denied`, `Cannot assign requested address`).
        case failed(String)
    }

    public enum Transport: Sendable {
        case tcp, udp
    }

    /// Tries `addresses` in order as the server does (`::` dual stack, then `0.0.0.0`), so "free" means the
    /// server will get it. A port in use on the first address is in use: the fallback would not help.
    public static func check(_ transport: Transport, port: Int, addresses: [String]) -> Outcome {
        var lastFailure = "no address to bind"
        for address in addresses {
            switch bind(transport, port: port, address: address) {
            case 0:
                return .free(address: address)
            case EADDRINUSE:
                return .inUse
            case let code:
                lastFailure = String(cString: strerror(code))
            }
        }
        return .failed(lastFailure)
    }

    /// 0, or the errno of the failed step.
    private static func bind(_ transport: Transport, port: Int, address: String) -> Int32 {
        let isIPv6 = address.contains(":")
        let type = transport == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, type, 0)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var one: Int32 = 1
        var zero: Int32 = 0
        let size = socklen_t(MemoryLayout<Int32>.size)
        // As the server's listener: SO_REUSEADDR, so a port in TIME_WAIT after a restart counts as free.
        if transport == .tcp { setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, size) }
        if isIPv6 { setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, size) }
        guard let socketAddress = try? SocketAddress(ipAddress: address, port: port) else { return EINVAL }
        let result = socketAddress.withSockAddr { pointer, length in Glibc.bind(descriptor, pointer, socklen_t(length)) }
        return result == 0 ? 0 : errno
    }
}
