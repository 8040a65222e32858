import RTSPClient

/// One relay a stream is pushed to: where, as whom, and how media travels there.
public struct PushTarget: Sendable, Hashable {
    public enum Transport: String, Sendable, Hashable {
        /// Interleaved on the RTSP connection: one outbound TCP connection, through any NAT.
        case tcp
        /// RTP/RTCP datagrams from a local port pair of `rtpPortRange` to the relay's ports.
        case udp
    }

    /// The relay's URL; its user and password answer the relay's challenge and never appear in logs.
    public var url: RTSPURL
    public var transport: Transport

    public init(url: RTSPURL, transport: Transport = .tcp) {
        self.url = url
        self.transport = transport
    }
}
