import NIOCore
import NIOPosix
import ONVIF

#if canImport(Glibc)
    import Glibc
#endif

/// The host's IPv4 interfaces as ONVIF's GetNetworkInterfaces reports them (Home Assistant takes the camera's
/// MAC address from it), and the addresses WS-Discovery names in XAddrs. Read when asked: interfaces come and go.
enum NetworkInterfaceList {
    /// Every up IPv4 interface but loopback, with its MAC address from `/sys/class/net/NAME/address`.
    static func current() -> [ONVIFNetworkInterface] {
        let devices = (try? System.enumerateDevices()) ?? []
        var seen: Set<String> = []
        return devices.compactMap { device in
            guard case .v4 = device.address, let ip = device.address?.ipAddress, !ip.hasPrefix("127."), seen.insert(device.name).inserted
            else {
                return nil
            }
            return ONVIFNetworkInterface(
                name: device.name, hardwareAddress: hardwareAddress(of: device.name) ?? "00:00:00:00:00:00", ipv4Address: ip,
                ipv4PrefixLength: prefixLength(device.netmask))
        }
    }

    /// The IPv4 addresses of up, multicast-capable interfaces but loopback, with their devices: where
    /// discovery joins the group and what it announces.
    static func multicastDevices() -> [NIONetworkDevice] {
        ((try? System.enumerateDevices()) ?? []).filter { device in
            guard case .v4 = device.address, let ip = device.address?.ipAddress else { return false }
            return !ip.hasPrefix("127.") && device.multicastSupported
        }
    }

    private static func prefixLength(_ netmask: SocketAddress?) -> Int {
        guard let mask = netmask?.ipAddress else { return 24 }
        return mask.split(separator: ".").compactMap { UInt8($0) }.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// `aa:bb:cc:dd:ee:ff` from sysfs, or nil where there is none (a tunnel, not Linux).
    private static func hardwareAddress(of name: String) -> String? {
        guard !name.contains("/"), !name.contains("..") else { return nil }
        let descriptor = open("/sys/class/net/\(name)/address", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).filter { $0 != "\n" }
        return text.utf8.count == 17 ? text : nil
    }
}
