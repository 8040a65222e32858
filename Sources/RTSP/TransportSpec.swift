/// One transport a client offers, or the one the server chose, in a `Transport` header.
///
/// Parsing is lenient because every client spells it differently: `RTP/AVP`, `RTP/AVP/UDP` and `rtp/avp/udp` are
/// the same; parameters come in any order and case, with white space and quotes (`mode="PLAY"`); a single port
/// `client_port=5000` means the pair 5000-5001 (RTP on the even port, RTCP on the next). Rendering is canonical,
/// so a response built from a parsed request echoes what the server means in one spelling.
///
/// Unknown parameters (`append`, `layers=2`, `rtcp-mux`) are kept in `otherParameters`, not dropped, so a server
/// can see what it was asked for.
///
/// Specification: RFC 2326 §12.39
public struct TransportSpec: Sendable, Hashable {
    /// Whether media travels in UDP datagrams or interleaved on the RTSP TCP connection.
    public enum LowerTransport: Sendable, Hashable {
        case udp
        case tcp
    }

    /// Transport protocol and profile without the lower transport, upper-cased: `RTP/AVP`, `RTP/SAVP`.
    public var profile: String
    public var lowerTransport: LowerTransport
    /// RFC 2326 makes multicast the default when neither word is present, but clients that omit it (ffmpeg and
    /// GStreamer over TCP) mean unicast, and a client that wants multicast says so; hence `false`.
    public var isMulticast: Bool
    /// Where the server should send media (multicast group, or a unicast address other than the client's).
    public var destination: String?
    /// The address media is sent from, when it is not the RTSP server's address.
    public var source: String?
    /// Channels of the interleaved `$` frames: RTP on the lower, RTCP on the upper.
    public var interleaved: ClosedRange<UInt8>?
    /// Multicast time-to-live.
    public var ttl: UInt8?
    /// Multicast RTP/RTCP port pair.
    public var port: ClosedRange<UInt16>?
    /// Unicast RTP/RTCP ports on the client.
    public var clientPort: ClosedRange<UInt16>?
    /// Unicast RTP/RTCP ports on the server.
    public var serverPort: ClosedRange<UInt16>?
    /// The RTP SSRC the sender will use; written as 8 hex digits.
    public var ssrc: UInt32?
    /// `PLAY` or `RECORD`, upper-cased and unquoted.
    public var mode: String?
    /// Parameters this type does not model, verbatim (e.g. `append`, `layers=2`).
    public var otherParameters: [String]

    public init(
        profile: String = "RTP/AVP",
        lowerTransport: LowerTransport = .udp,
        isMulticast: Bool = false,
        destination: String? = nil,
        source: String? = nil,
        interleaved: ClosedRange<UInt8>? = nil,
        ttl: UInt8? = nil,
        port: ClosedRange<UInt16>? = nil,
        clientPort: ClosedRange<UInt16>? = nil,
        serverPort: ClosedRange<UInt16>? = nil,
        ssrc: UInt32? = nil,
        mode: String? = nil,
        otherParameters: [String] = []
    ) {
        self.profile = profile
        self.lowerTransport = lowerTransport
        self.isMulticast = isMulticast
        self.destination = destination
        self.source = source
        self.interleaved = interleaved
        self.ttl = ttl
        self.port = port
        self.clientPort = clientPort
        self.serverPort = serverPort
        self.ssrc = ssrc
        self.mode = mode
        self.otherParameters = otherParameters
    }

    /// Parses one comma-separated element of a `Transport` header.
    public init(parsing text: String) throws(RTSPParseError) {
        try self.init(parsing: Substring(text))
    }

    init(parsing text: Substring) throws(RTSPParseError) {
        self.init()
        var sawProtocol = false
        for rawParameter in try HeaderSyntax.split(text, separator: UInt8(ascii: ";"), header: "Transport") {
            let parameter = HeaderSyntax.trimmed(rawParameter)
            if parameter.isEmpty { continue }
            let (key, value) = HeaderSyntax.keyValue(parameter)
            guard let value else {
                if HeaderSyntax.equalsIgnoringASCIICase(key, "unicast") {
                    isMulticast = false
                } else if HeaderSyntax.equalsIgnoringASCIICase(key, "multicast") {
                    isMulticast = true
                } else if key.utf8.contains(UInt8(ascii: "/")) {
                    guard !sawProtocol else {
                        throw .badRequest("Transport: two transport protocols in '\(text.prefix(128))'")
                    }
                    try parseProtocol(key)
                    sawProtocol = true
                } else {
                    otherParameters.append(String(parameter))
                }
                continue
            }
            // An empty address (`source=`, sent by some cameras) means nothing, so it is dropped.
            switch key.lowercased() {
            case "destination":
                destination = value.isEmpty ? nil : try Self.plainValue(value, key: key)
            case "source":
                source = value.isEmpty ? nil : try Self.plainValue(value, key: key)
            case "interleaved":
                interleaved = try Self.range(value, as: UInt8.self, key: key, single: { $0...$0 })
            case "ttl":
                guard let parsed = HeaderSyntax.decimal(value, as: UInt8.self) else {
                    throw .badRequest("Transport: invalid ttl '\(value.prefix(32))'")
                }
                ttl = parsed
            case "port":
                port = try Self.portPair(value, key: key)
            case "client_port":
                clientPort = try Self.portPair(value, key: key)
            case "server_port":
                serverPort = try Self.portPair(value, key: key)
            case "ssrc":
                // Some cameras pad it (`ssrc= 4317f`, `ssrc=     D93FF`) and drop leading zeros.
                let digits = HeaderSyntax.trimmed(value)
                guard (1...8).contains(digits.utf8.count), digits.utf8.allSatisfy(HeaderSyntax.isHexDigit),
                    let parsed = UInt32(digits, radix: 16)
                else {
                    throw .badRequest("Transport: invalid ssrc '\(value.prefix(32))', expected up to 8 hex digits")
                }
                ssrc = parsed
            case "mode":
                guard !value.isEmpty else { throw .badRequest("Transport: empty mode") }
                mode = try Self.plainValue(value, key: key).uppercased()
            default:
                otherParameters.append(String(parameter))
            }
        }
        guard sawProtocol else {
            throw .badRequest("Transport: no transport protocol such as RTP/AVP in '\(text.prefix(128))'")
        }
    }

    /// `transport/profile[/lower-transport]`; the lower transport defaults to UDP (RFC 2326 §12.39).
    private mutating func parseProtocol(_ token: Substring) throws(RTSPParseError) {
        let components = token.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count == 2 || components.count == 3,
            components.allSatisfy({ HeaderSyntax.isToken($0) })
        else {
            throw .badRequest("Transport: invalid transport protocol '\(token.prefix(64))'")
        }
        profile = "\(components[0].uppercased())/\(components[1].uppercased())"
        if components.count == 3 {
            if HeaderSyntax.equalsIgnoringASCIICase(components[2], "UDP") {
                lowerTransport = .udp
            } else if HeaderSyntax.equalsIgnoringASCIICase(components[2], "TCP") {
                lowerTransport = .tcp
            } else {
                throw RTSPParseError(
                    status: .unsupportedTransport,
                    reason: "Transport: unsupported lower transport '\(components[2].prefix(32))'"
                )
            }
        }
    }

    /// A value after unquoting; a quote left inside it has no meaning anyone agrees on, so it is rejected.
    private static func plainValue(_ value: Substring, key: Substring) throws(RTSPParseError) -> String {
        guard !value.utf8.contains(UInt8(ascii: "\"")) else {
            throw .badRequest("Transport: stray quote in \(key.lowercased()) '\(value.prefix(64))'")
        }
        return String(value)
    }

    /// Values that would otherwise split the parameter list are written quoted.
    private static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { byte in
            byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || HeaderSyntax.isLinearWhiteSpace(byte)
        }
        return needsQuotes ? "\"\(value)\"" : value
    }

    /// A port pair; a single port `n` means `n`-`n+1` (RTP, then RTCP on the next port).
    private static func portPair(_ value: Substring, key: Substring) throws(RTSPParseError) -> ClosedRange<UInt16> {
        try range(value, as: UInt16.self, key: key) { port in
            port < UInt16.max ? port...(port + 1) : nil
        }
    }

    private static func range<Value: FixedWidthInteger & UnsignedInteger>(
        _ value: Substring,
        as type: Value.Type,
        key: Substring,
        single: (Value) -> ClosedRange<Value>?
    ) throws(RTSPParseError) -> ClosedRange<Value> {
        guard let range = HeaderSyntax.range(value, as: type, single: single) else {
            throw .badRequest(
                "Transport: invalid \(key.lowercased()) '\(value.prefix(32))', expected N or N-M with 0 ≤ N ≤ M ≤ \(Value.max)"
            )
        }
        return range
    }

    /// Canonical form: protocol, `unicast`/`multicast`, then `destination`, `source`, `interleaved`, `ttl`,
    /// `port`, `client_port`, `server_port`, `ssrc`, `mode`, then the other parameters as received.
    /// For example `RTP/AVP;unicast;client_port=5000-5001;server_port=50000-50001;ssrc=1A2B3C4D` or
    /// `RTP/AVP/TCP;unicast;interleaved=0-1`.
    public var rendered: String {
        var parameters = [lowerTransport == .tcp ? "\(profile)/TCP" : profile]
        parameters.append(isMulticast ? "multicast" : "unicast")
        if let destination { parameters.append("destination=\(Self.quotedIfNeeded(destination))") }
        if let source { parameters.append("source=\(Self.quotedIfNeeded(source))") }
        if let interleaved {
            parameters.append(
                interleaved.lowerBound == interleaved.upperBound
                    ? "interleaved=\(interleaved.lowerBound)"
                    : "interleaved=\(interleaved.lowerBound)-\(interleaved.upperBound)"
            )
        }
        if let ttl { parameters.append("ttl=\(ttl)") }
        // Ports are always written as a pair: a lone number would read back as n-(n+1).
        if let port { parameters.append("port=\(port.lowerBound)-\(port.upperBound)") }
        if let clientPort { parameters.append("client_port=\(clientPort.lowerBound)-\(clientPort.upperBound)") }
        if let serverPort { parameters.append("server_port=\(serverPort.lowerBound)-\(serverPort.upperBound)") }
        if let ssrc { parameters.append("ssrc=\(Self.hex8(ssrc))") }
        if let mode { parameters.append("mode=\(Self.quotedIfNeeded(mode))") }
        parameters.append(contentsOf: otherParameters)
        return parameters.joined(separator: ";")
    }

    private static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
