/// Whether a Probe's source is on a local network: WS-Discovery is a link-local protocol (multicast with
/// TTL 1), so a Probe from a public address is either a misconfigured router or a spoofed one aimed at a
/// victim. Answering only private, link-local, shared (CGNAT) and loopback sources removes camstream from the
/// list of reflectors the internet can use, at no cost to any LAN.
public enum LocalNetworkAddress {
    /// `address` as NIO prints an IP (`192.168.1.5`, `fe80::1`, `::ffff:10.0.0.2`).
    public static func isLocal(_ address: String) -> Bool {
        var text = Substring(address)
        if text.lowercased().hasPrefix("::ffff:"), text.contains(".") { text = text.dropFirst(7) }
        if text.contains(".") {
            let octets = text.split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else { return false }
            switch (octets[0], octets[1]) {
            case (10, _), (127, _), (192, 168), (169, 254): return true
            case (172, 16...31): return true
            case (100, 64...127): return true
            default: return false
            }
        }
        let lower = text.lowercased()
        // fe80::/10 link-local, fc00::/7 unique local, ::1.
        return lower == "::1" || lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb")
            || lower.hasPrefix("fc") || lower.hasPrefix("fd")
    }
}
