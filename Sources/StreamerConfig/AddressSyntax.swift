#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Syntax of the addresses a config names. Only the form is checked: whether an address is this machine's
/// or reachable is `camstream doctor`'s business, not the parser's.
enum AddressSyntax {
    enum Family { case ipv4, ipv6 }

    /// The family of an IP address literal (`192.168.1.20`, `::`, `fe80::1`), or `nil` for anything else.
    static func ipFamily(_ text: String) -> Family? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 { return .ipv4 }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text, &ipv6) == 1 { return .ipv6 }
        return nil
    }

    /// A DNS name as RFC 1123 allows it: dot-separated labels of letters, digits and inner hyphens,
    /// 63 characters a label, 253 in all.
    static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253, !text.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
        }
    }

    /// A multicast group a stream can be sent to: IPv4 224.0.1.0–239.255.255.255 (224.0.0.x is reserved for
    /// routing protocols on the local link) or any IPv6 ff00::/8 address.
    static func isMulticastGroup(_ text: String) -> Bool {
        switch ipFamily(text) {
        case .ipv4:
            let octets = text.split(separator: ".").compactMap { Int($0) }
            guard octets.count == 4, (224...239).contains(octets[0]) else { return false }
            return !(octets[0] == 224 && octets[1] == 0 && octets[2] == 0)
        case .ipv6:
            // ff00::/8: the first group is four digits starting ff ("ff::1" is 00ff::1, not multicast).
            let firstGroup = text.lowercased().prefix(while: { $0 != ":" })
            return firstGroup.count == 4 && firstGroup.hasPrefix("ff")
        case nil:
            return false
        }
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
