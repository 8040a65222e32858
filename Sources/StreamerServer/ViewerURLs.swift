import NIOCore
import NIOPosix

/// The URLs a person can paste into a player: one per local address, loopback first.
public enum ViewerURLs {
    public static func urls(port: Int, path: String, boundTo bindAddress: SocketAddress?) -> [String] {
        hosts(boundTo: bindAddress).map { "rtsp://\($0):\(port)/\(path)" }
    }

    /// The browser's live view at each local address: `http://HOST:PORT/`.
    public static func pageURLs(port: Int, boundTo bindAddress: SocketAddress?) -> [String] {
        hosts(boundTo: bindAddress).map { "http://\($0):\(port)/" }
    }

    /// Local addresses as URL hosts (IPv6 bracketed), loopback first.
    static func hosts(boundTo bindAddress: SocketAddress?) -> [String] {
        let interfaces = (try? System.enumerateDevices()) ?? []
        var hosts: [String] = []
        for device in interfaces {
            guard let ip = device.address?.ipAddress else { continue }
            // Link-local IPv6 needs a zone index no player accepts in a URL.
            if ip.lowercased().hasPrefix("fe80") { continue }
            if bindAddress?.protocol == .inet, device.address?.protocol == .inet6 { continue }
            let host = ip.contains(":") ? "[\(ip)]" : ip
            if !hosts.contains(host) { hosts.append(host) }
        }
        hosts.sort { rank($0) < rank($1) }
        return hosts
    }

    private static func rank(_ host: String) -> Int {
        host == "127.0.0.1" ? 0 : host == "[::1]" ? 2 : host.contains(":") ? 3 : 1
    }
}
