/// The `server:` section: where camstream listens and how it reaches viewers.
public struct ServerSettings: Sendable, Hashable {
    /// `rtsp_port`: 8554, the port RTSP servers that run unprivileged use (554 needs root). 0 picks a free one.
    public var rtspPort: Int
    /// `bind`: the address to listen on. `::` means every address, IPv6 and IPv4 (dual stack), falling back
    /// to IPv4 alone on a system with IPv6 disabled.
    public var bind: String
    /// `rtp_port_range`: server RTP/RTCP ports for UDP viewers come only from here, one even/odd pair per
    /// viewer (RFC 3550 §11), so a NAT router forwards exactly this range plus `rtsp_port`.
    public var rtpPortRange: ClosedRange<Int>
    /// `public_address`: the address (or DNS name) viewers outside a NAT reach this camera at; it goes into
    /// SDP `o=`/`c=` and SETUP's `source=`, where players aim the packets that open their own NAT for media.
    public var publicAddress: String?
    /// `session_timeout`: seconds a session lives without a request from its client (RFC 2326 §12.37: 60).
    public var sessionTimeout: Int
    /// `max_viewers`: viewers served at once, over all streams. 100 viewers × 2 Mbit/s = 200 Mbit/s, within a
    /// Pi 3B+'s ~300 Mbit/s of real Ethernet throughput; they take 200 of the default range's 1000 ports.
    public var maxViewers: Int
    /// `max_connections_per_address`: RTSP connections one address may hold at once (`503` beyond). 32 is plenty
    /// for a household behind one NAT or a recorder, and keeps one host from taking every connection; a proxy
    /// or recorder that opens more from one address needs it raised.
    public var maxConnectionsPerAddress: Int
    /// `max_sessions_per_address`: sessions (viewers) one address may hold at once over all its connections
    /// (`453` beyond). 8 is a few streams each for a household behind one NAT, and keeps one host from taking
    /// every one of `max_viewers`; a recorder that watches more streams from one address needs it raised.
    public var maxSessionsPerAddress: Int
    /// `allow_basic_auth`: also accept Basic authentication, which sends the password itself (readable by
    /// anyone on the path); only for players that cannot do Digest. Off unless asked for.
    public var allowBasicAuth: Bool

    public init(
        rtspPort: Int = 8554,
        bind: String = "::",
        rtpPortRange: ClosedRange<Int> = 50000...50999,
        publicAddress: String? = nil,
        sessionTimeout: Int = 60,
        maxViewers: Int = 100,
        maxConnectionsPerAddress: Int = 32,
        maxSessionsPerAddress: Int = 8,
        allowBasicAuth: Bool = false
    ) {
        self.rtspPort = rtspPort
        self.bind = bind
        self.rtpPortRange = rtpPortRange
        self.publicAddress = publicAddress
        self.sessionTimeout = sessionTimeout
        self.maxViewers = maxViewers
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxSessionsPerAddress = maxSessionsPerAddress
        self.allowBasicAuth = allowBasicAuth
    }

    /// The addresses to try listening on, in order: `::` falls back to `0.0.0.0` where IPv6 is disabled.
    public var bindAddresses: [String] {
        bind == "::" ? ["::", "0.0.0.0"] : [bind]
    }

    /// How many UDP viewers the RTP port range can hold: one even/odd pair each.
    public var rtpPortPairs: Int {
        Self.portPairs(in: rtpPortRange)
    }

    static func portPairs(in range: ClosedRange<Int>) -> Int {
        let firstEven = range.lowerBound + (range.lowerBound % 2)
        return firstEven + 1 > range.upperBound ? 0 : (range.upperBound - firstEven + 1) / 2
    }
}
