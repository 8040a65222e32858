/// Where a stream is sent for viewers that ask for multicast: one copy of every packet reaches all of them,
/// however many there are, which is what a camera watched by many screens on one LAN wants.
///
/// RTP goes to `address:rtpPort` and RTCP to `address:rtpPort+1` (RFC 3550 §11). The address is the operator's
/// choice, not the client's: a `destination=` a client proposes is ignored, so no client can point the camera's
/// stream at a third party.
///
/// Specification: RFC 2326 §12.39 (`destination`, `port`, `ttl`), RFC 3550 §11
public struct MulticastGroup: Sendable, Hashable {
    /// An IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address; 239.0.0.0/8 is the organisation-local
    /// scope that suits a LAN.
    public var address: String
    /// The even RTP port; RTCP uses the next one.
    public var rtpPort: Int
    /// Router hops the packets may cross; 1 keeps them on the local network.
    public var ttl: Int

    public init(address: String, rtpPort: Int, ttl: Int = 1) {
        self.address = address
        self.rtpPort = rtpPort
        self.ttl = ttl
    }

    /// Why these settings cannot be used, or nil when they can.
    public var problem: String? {
        let isIPv4Multicast = Self.ipv4Octets(address).map { (224...239).contains($0[0]) } ?? false
        let isIPv6Multicast = address.lowercased().hasPrefix("ff") && address.contains(":")
        if !isIPv4Multicast && !isIPv6Multicast {
            return "multicast address '\(address)' is not in 224.0.0.0/4 or ff00::/8"
        }
        if !(1024...65534).contains(rtpPort) || rtpPort % 2 != 0 {
            return "multicast RTP port \(rtpPort) must be even and between 1024 and 65534"
        }
        if !(1...255).contains(ttl) { return "multicast TTL \(ttl) must be between 1 and 255" }
        return nil
    }

    private static func ipv4Octets(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), value <= 255 else { return nil }
            return value
        }
        return octets.count == 4 ? octets : nil
    }
}
