import NIOCore
import NIOPosix

/// The URLs a person can paste into a player: one per address the server is reachable at, loopback first.
///
/// Only addresses the listening socket accepts connections on are named: bound to one address, that address
/// alone; to `0.0.0.0`, every local IPv4 address; to `::` (dual stack), every local address. A URL for an
/// address the server does not listen on would only send a person to a refused connection.
public enum ViewerURLs {
    public static func urls(port: Int, path: String, boundTo bindAddress: SocketAddress?) -> [String] {
        let localAddresses = ((try? System.enumerateDevices()) ?? []).compactMap(\.address)
        return urls(port: port, path: path, boundTo: bindAddress, localAddresses: localAddresses)
    }

    /// The same from a given list of the machine's addresses: the rule without the system call, for tests.
    static func urls(port: Int, path: String, boundTo bindAddress: SocketAddress?, localAddresses: [SocketAddress]) -> [String] {
        var hosts: [String] = []
        for address in reachableAddresses(boundTo: bindAddress, localAddresses: localAddresses) {
            guard let ip = address.ipAddress else { continue }
            // Link-local IPv6 needs a zone index no player accepts in a URL.
            if ip.lowercased().hasPrefix("fe80") { continue }
            let host = ip.contains(":") ? "[\(ip)]" : ip
            if !hosts.contains(host) { hosts.append(host) }
        }
        hosts.sort { rank($0) < rank($1) }
        return hosts.map { "rtsp://\($0):\(port)/\(path)" }
    }

    private static func reachableAddresses(boundTo bindAddress: SocketAddress?, localAddresses: [SocketAddress]) -> [SocketAddress] {
        guard let bindAddress, let boundIP = bindAddress.ipAddress else { return localAddresses }
        switch boundIP {
        case "::":
            return localAddresses
        case "0.0.0.0":
            return localAddresses.filter { $0.protocol == .inet }
        default:
            return [bindAddress]
        }
    }

    private static func rank(_ host: String) -> Int {
        host == "127.0.0.1" ? 0 : host == "[::1]" ? 2 : host.contains(":") ? 3 : 1
    }
}
