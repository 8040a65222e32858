extension ConfigDecoder {
    static let serverKeys = [
        "rtsp_port", "bind", "rtp_port_range", "public_address", "session_timeout", "max_viewers",
        "max_connections_per_address", "max_sessions_per_address", "allow_basic_auth",
    ]

    mutating func decodeServer(
        _ node: ConfigNode, portRangeOrigin: inout ConfigOrigin?, maxViewersOrigin: inout ConfigOrigin?
    ) -> ServerSettings {
        var server = ServerSettings()
        guard let fields = fields(of: node, key: "server", allowed: Self.serverKeys, expected: "a mapping of server settings") else {
            return server
        }
        if let value = fields["rtsp_port"],
            let port = integer(value, key: "server.rtsp_port", in: 0...65535, expected: "a TCP port from 0 to 65535 (0 picks a free one)")
        {
            server.rtspPort = port
        }
        if let value = fields["bind"] {
            let expected = "an IP address to listen on, such as :: (every address), 0.0.0.0 (every IPv4 address) or 192.168.1.20"
            if let address = text(value, key: "server.bind", expected: expected) {
                if AddressSyntax.ipFamily(address) != nil {
                    server.bind = address
                } else {
                    error(value.origin, "server.bind", "expected \(expected), got '\(address)'")
                }
            }
        }
        if let value = fields["rtp_port_range"] {
            portRangeOrigin = value.origin
            if let range = portRange(value, key: "server.rtp_port_range") { server.rtpPortRange = range }
        }
        if let value = fields["public_address"], !value.isNull {
            let expected = "the IP address or DNS name viewers outside reach this camera at, such as 203.0.113.7 or cam.example.org"
            if let address = text(value, key: "server.public_address", expected: expected) {
                if AddressSyntax.ipFamily(address) != nil || AddressSyntax.isHostName(address) {
                    server.publicAddress = address
                } else {
                    error(value.origin, "server.public_address", "expected \(expected), got '\(address)'")
                }
            }
        }
        if let value = fields["session_timeout"],
            let seconds = integer(value, key: "server.session_timeout", in: 10...3600, expected: "seconds from 10 to 3600")
        {
            server.sessionTimeout = seconds
        }
        if let value = fields["max_viewers"] {
            maxViewersOrigin = value.origin
            if let count = integer(value, key: "server.max_viewers", in: 1...10000, expected: "a number of viewers from 1 to 10000") {
                server.maxViewers = count
            }
        }
        if let value = fields["max_connections_per_address"],
            let count = integer(
                value, key: "server.max_connections_per_address", in: 1...10000, expected: "a number of connections from 1 to 10000")
        {
            server.maxConnectionsPerAddress = count
        }
        if let value = fields["max_sessions_per_address"],
            let count = integer(
                value, key: "server.max_sessions_per_address", in: 1...10000, expected: "a number of sessions from 1 to 10000")
        {
            server.maxSessionsPerAddress = count
        }
        if let value = fields["allow_basic_auth"] {
            if case .scalar(let scalar) = value, scalar.isPlain, scalar.text == "true" || scalar.text == "false" {
                server.allowBasicAuth = scalar.text == "true"
            } else {
                error(value.origin, "server.allow_basic_auth", "expected true or false, got \(value.summary)")
            }
        }
        return server
    }

    /// `FIRST-LAST`, both within 1024–65535 (below are the privileged ports), holding at least one even/odd pair.
    private mutating func portRange(_ node: ConfigNode, key: String) -> ClosedRange<Int>? {
        let expected = "a UDP port range FIRST-LAST within 1024-65535 holding at least one even/odd pair, such as 50000-50999"
        guard let text = text(node, key: key, expected: expected) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        guard parts.count == 2, let first = Int(parts[0]), let last = Int(parts[1]), (1024...65535).contains(first),
            (1024...65535).contains(last), first <= last, ServerSettings.portPairs(in: first...last) > 0
        else {
            error(node.origin, key, "expected \(expected), got '\(text)'")
            return nil
        }
        return first...last
    }
}
