/// The session description of one live H.264 video stream, as an RTSP server answers DESCRIBE with it.
///
/// Clients learn everything they need to decode from this text before the first RTP packet arrives: the
/// dynamic payload type and its 90 kHz clock, packetization mode 1 (single NAL, STAP-A and FU-A), and the SPS/PPS
/// in `sprop-parameter-sets` so decoding can start at once. The layout follows what live555, mediamtx and
/// gst-rtsp-server emit, since VLC, ffmpeg and GStreamer are tested against those: session-level `c=` and
/// `a=control`, `a=range:npt=0-` for a live stream with no end, and a per-track `a=control` for SETUP.
///
/// The H.264 values are taken as the strings `H264.ParameterSets` provides (`profileLevelID`,
/// `spropParameterSets`), so this module needs nothing else from H264.
///
/// Values are written as given, except that CR, LF and NUL are removed from every one of them: RFC 4566 §5
/// forbids them in fields, and a stray line break from configuration would otherwise inject lines.
///
/// Specification: RFC 4566 §5, RFC 6184 §8.2.1, RFC 2326 §C.1
public struct H264SessionDescription: Sendable, Hashable {
    /// `o=` session id: a number unique to this session; RFC 4566 §5.2 suggests an NTP timestamp.
    public var sessionID: UInt64
    /// `o=` version: increase it whenever the description changes (for example new SPS/PPS after a restart).
    public var sessionVersion: UInt64
    /// `o=` address of the originating host, e.g. "192.168.1.10" or "::1"; IP6 when it contains ":".
    public var originAddress: String
    /// `c=` address. `nil` writes `c=IN IP4 0.0.0.0`, meaning unicast: the client sends to and receives from
    /// the RTSP server's address, which is what live555 does. Otherwise a multicast group, or the public
    /// unicast address of a server behind NAT; IP6 when it contains ":".
    public var connectionAddress: String?
    /// TTL appended to an IPv4 multicast `c=` address as "/ttl" (RFC 4566 §5.7 requires it there). IPv6
    /// multicast has no TTL in SDP, so it is ignored for IPv6 and for the unicast `nil` address.
    public var multicastTTL: UInt8?
    /// `s=`: shown as the stream title by some players. RFC 4566 §5.3 forbids it empty; empty becomes " ".
    public var sessionName: String
    /// `a=tool:` at session level, naming the software that wrote the description.
    public var tool: String
    /// Session-level `a=control`: "*" means aggregate control uses the request URL itself (RFC 2326 §C.1.1).
    public var streamControl: String
    /// Media-level `a=control`: the URL, relative to the request URL, that SETUP names for this track.
    public var trackControl: String
    /// RTP payload type; H.264 has no static one, so a dynamic type from 96…127 (RFC 3551 §6).
    public var payloadType: UInt8
    /// `profile-level-id`: 6 hex digits, profile_idc, constraint flags, level_idc from the SPS (RFC 6184 §8.1).
    /// Omitted when `nil`, in which case decoders assume 420010 (Baseline, level 1.0).
    public var profileLevelID: String?
    /// `sprop-parameter-sets`: comma-separated base64 SPS and PPS (RFC 6184 §8.1). Omitted when `nil`, in
    /// which case clients must wait for in-band SPS/PPS before they can decode.
    public var spropParameterSets: String?
    /// `a=framerate:` (RFC 4566 §6), informational; written with up to three decimals; omitted unless
    /// finite, at least 0.0005 and below a million, as anything else is a configuration mistake.
    public var frameRate: Double?

    public init(
        sessionID: UInt64,
        sessionVersion: UInt64 = 1,
        originAddress: String,
        connectionAddress: String? = nil,
        multicastTTL: UInt8? = nil,
        sessionName: String = "camstream",
        tool: String = "camstream",
        streamControl: String = "*",
        trackControl: String = "trackID=0",
        payloadType: UInt8 = 96,
        profileLevelID: String? = nil,
        spropParameterSets: String? = nil,
        frameRate: Double? = nil
    ) {
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.originAddress = originAddress
        self.connectionAddress = connectionAddress
        self.multicastTTL = multicastTTL
        self.sessionName = sessionName
        self.tool = tool
        self.streamControl = streamControl
        self.trackControl = trackControl
        self.payloadType = payloadType
        self.profileLevelID = profileLevelID
        self.spropParameterSets = spropParameterSets
        self.frameRate = frameRate
    }

    /// The SDP text, every line ending in CRLF, in the order RFC 4566 §5 requires: session lines
    /// `v= o= s= c= t=` and session attributes, then `m=` and the media attributes.
    ///
    /// Specification: RFC 4566 §5, RFC 6184 §8.2.1
    public var rendered: String {
        let origin = Self.clean(originAddress)
        let payloadType = String(payloadType)
        let name = Self.clean(sessionName)
        var lines = [
            "v=0",
            "o=- \(sessionID) \(sessionVersion) IN \(Self.addressType(origin)) \(origin)",
            "s=\(name.isEmpty ? " " : name)",
            "c=\(connectionData)",
            "t=0 0",
            "a=tool:\(Self.clean(tool))",
            "a=range:npt=0-",
            "a=control:\(Self.clean(streamControl))",
            "m=video 0 RTP/AVP \(payloadType)",
            "a=rtpmap:\(payloadType) H264/90000",
            "a=fmtp:\(payloadType) \(formatParameters)",
            "a=control:\(Self.clean(trackControl))",
        ]
        if let frameRate = frameRate.flatMap(Self.formatFrameRate) {
            lines.append("a=framerate:\(frameRate)")
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// `IN IP4 0.0.0.0` for unicast; the group, with "/ttl" for IPv4, for multicast.
    private var connectionData: String {
        guard let address = connectionAddress.map(Self.clean) else { return "IN IP4 0.0.0.0" }
        let type = Self.addressType(address)
        if type == "IP4", let ttl = multicastTTL {
            return "IN IP4 \(address)/\(ttl)"
        }
        return "IN \(type) \(address)"
    }

    /// packetization-mode=1 because the packetizer fragments large NAL units with FU-A (RFC 6184 §6.3).
    private var formatParameters: String {
        var parameters = ["packetization-mode=1"]
        if let profileLevelID {
            parameters.append("profile-level-id=\(Self.clean(profileLevelID))")
        }
        if let spropParameterSets {
            parameters.append("sprop-parameter-sets=\(Self.clean(spropParameterSets))")
        }
        return parameters.joined(separator: ";")
    }

    private static func addressType(_ address: String) -> String {
        address.contains(":") ? "IP6" : "IP4"
    }

    private static func clean(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" })
    }

    /// "30" for 30, "29.97" for 30000/1001: thousandths in integer arithmetic, so no exponent notation and no
    /// binary-fraction noise. `nil` for values that are not finite and positive, or absurdly large.
    private static func formatFrameRate(_ rate: Double) -> String? {
        guard rate.isFinite, rate > 0, rate < 1_000_000 else { return nil }
        let thousandths = Int((rate * 1000).rounded())
        guard thousandths > 0 else { return nil }
        var text = String(thousandths / 1000)
        var fraction = thousandths % 1000
        if fraction != 0 {
            var digits = 3
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }
}
