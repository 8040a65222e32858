import NIOCore
import NIOPosix

/// One address of this machine, with whether the internet can reach it directly.
public struct LocalAddress: Sendable, Hashable {
    public var interface: String
    public var ip: String

    public init(interface: String, ip: String) {
        self.interface = interface
        self.ip = ip
    }

    public enum Scope: Sendable, Hashable {
        case loopback
        /// Link-local (169.254/16, fe80::/10): not usable in a URL a player accepts.
        case linkLocal
        /// RFC 1918, RFC 6598 shared (carrier-grade NAT) and IPv6 unique-local: reached from outside only
        /// through a NAT router (or not at all).
        case privateNetwork
        /// Anything else: reachable from the internet, firewalls permitting.
        case global
    }

    public var scope: Scope { Self.scope(of: ip) }

    public static func scope(of ip: String) -> Scope {
        let lowered = ip.lowercased()
        if lowered.contains(":") {
            if lowered == "::1" { return .loopback }
            if lowered.hasPrefix("fe8") || lowered.hasPrefix("fe9") || lowered.hasPrefix("fea") || lowered.hasPrefix("feb") {
                return .linkLocal
            }
            if lowered.hasPrefix("fc") || lowered.hasPrefix("fd") { return .privateNetwork }
            if lowered.hasPrefix("::ffff:") { return scope(of: String(lowered.dropFirst(7))) }
            return .global
        }
        let octets = ip.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return .global }
        switch (octets[0], octets[1]) {
        case (127, _): return .loopback
        case (169, 254): return .linkLocal
        case (10, _), (192, 168), (172, 16...31), (100, 64...127): return .privateNetwork
        default: return .global
        }
    }

    /// `[addr]` for IPv6, as URLs write it.
    public var urlHost: String { ip.contains(":") ? "[\(ip)]" : ip }

    /// This machine's addresses, as the kernel lists them, each once.
    public static func current() -> [LocalAddress] {
        let devices = (try? System.enumerateDevices()) ?? []
        var seen = Set<String>()
        return devices.compactMap { device in
            guard let ip = device.address?.ipAddress, seen.insert(ip).inserted else { return nil }
            return LocalAddress(interface: device.name, ip: ip)
        }
    }
}
