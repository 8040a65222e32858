import H264
import ONVIF
import RTSPAuth

/// What the server listens on and serves. Built by the executable from argv (and later a config file);
/// the server itself never reads either.
public struct ServerConfiguration: Sendable {
    /// One published stream: its path (`cam` in `rtsp://host:8554/cam`) and where its frames come from.
    public struct Stream: Sendable {
        public var path: String
        public var source: any AccessUnitSource
        /// Where multicast viewers are served; nil refuses multicast SETUPs with 461.
        public var multicast: MulticastGroup?
        /// Relays this stream is pushed to (RTSP RECORD), each over one outbound connection.
        public var push: [PushTarget]
        /// The encoding as configured, for ONVIF's encoder configuration; nil reports what the stream measures.
        public var encoding: StreamEncoding?
        /// For a sub-stream (a second, smaller encoding of another stream's capture), that stream's path. It is
        /// served like any stream; the link is for what shows the pair (ONVIF's profiles, `/api/status`).
        public var substreamOf: String?

        public init(
            path: String, source: any AccessUnitSource, multicast: MulticastGroup? = nil, push: [PushTarget] = [],
            encoding: StreamEncoding? = nil, substreamOf: String? = nil
        ) {
            self.path = path
            self.source = source
            self.multicast = multicast
            self.push = push
            self.encoding = encoding
            self.substreamOf = substreamOf
        }
    }

    /// A stream's configured frame rate, bitrate and keyframe interval (its size comes from its SPS).
    public struct StreamEncoding: Sendable, Hashable {
        public var framesPerSecond: Int
        public var bitrateKbps: Int
        public var keyframeInterval: Int

        public init(framesPerSecond: Int, bitrateKbps: Int, keyframeInterval: Int) {
            self.framesPerSecond = framesPerSecond
            self.bitrateKbps = bitrateKbps
            self.keyframeInterval = keyframeInterval
        }
    }

    /// ONVIF on the HTTP port, and WS-Discovery.
    public struct ONVIFConfiguration: Sendable {
        /// What the device says about itself (GetDeviceInformation, scopes, endpoint reference).
        public var device: ONVIFDevice
        /// Answer WS-Discovery Probes and announce Hello/Bye on 239.255.255.250:3702.
        public var discovery: Bool

        public init(device: ONVIFDevice, discovery: Bool = true) {
            self.device = device
            self.discovery = discovery
        }
    }

    /// Addresses to listen on; the default tries IPv6-and-IPv4 dual stack first, then IPv4 alone.
    public var bindAddresses: [String]
    /// 8554, the port RTSP servers that run unprivileged use (554 needs root).
    public var rtspPort: Int
    /// The HTTP port (browser page, fMP4 over WebSocket) on the same addresses; nil serves no HTTP.
    public var httpPort: Int?
    /// Server RTP/RTCP ports for UDP viewers come only from here, so a NAT router forwards exactly this range.
    public var rtpPortRange: ClosedRange<Int>
    /// How long a session lives without a request or RTCP from its client (RFC 2326 §12.37: default 60 s).
    public var sessionTimeoutSeconds: Int
    public var streams: [Stream]
    public var limits: ServerLimits
    /// Behind NAT, the address (or DNS name) viewers reach us at. SDP `o=`/`c=` and SETUP's `source=` carry it
    /// instead of the local address, so players aim the packets that open their own NAT at the router,
    /// which forwards them here. `nil`: the local address of each viewer's RTSP connection.
    public var publicAddress: String?
    /// Who may watch. Empty: anyone who reaches the port (a LAN camera), which the executable says loudly.
    public var users: [UserCredentials]
    /// Basic sends the password itself; only when asked for, for clients that cannot do Digest.
    public var allowBasicAuthentication: Bool
    /// What `/api/status` reports as the version.
    public var softwareVersion = "unknown"
    /// ONVIF's device and media services on the HTTP port (and WS-Discovery); nil serves neither.
    public var onvif: ONVIFConfiguration?
    /// What `/metrics` reports. The executable makes it before the sources, which count their frames into it.
    public var metrics = ServerMetrics()
    /// The Digest realm; stored password hashes are made for it (`camstream hash-password`).
    public static let realm = "camstream"

    public init(
        bindAddresses: [String] = ["::", "0.0.0.0"],
        rtspPort: Int = 8554,
        httpPort: Int? = nil,
        rtpPortRange: ClosedRange<Int> = 50000...50999,
        sessionTimeoutSeconds: Int = 60,
        streams: [Stream],
        limits: ServerLimits = ServerLimits(),
        publicAddress: String? = nil,
        users: [UserCredentials] = [],
        allowBasicAuthentication: Bool = false
    ) {
        self.bindAddresses = bindAddresses
        self.rtspPort = rtspPort
        self.httpPort = httpPort
        self.rtpPortRange = rtpPortRange
        self.sessionTimeoutSeconds = sessionTimeoutSeconds
        self.streams = streams
        self.limits = limits
        self.publicAddress = publicAddress
        self.users = users
        self.allowBasicAuthentication = allowBasicAuthentication
    }
}
