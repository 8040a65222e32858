import RTSP

/// The RTP/RTCP pair a client's unicast offer names: `client_port` for UDP, `interleaved` for TCP.
///
/// RTP goes to an even port (or channel) and RTCP to the next odd one (RFC 3550 §11; RFC 2326 §12.39 gives
/// both as a range, `client_port=5000-5001`, `interleaved=0-1`). A single value written as a range (`5000-5000`)
/// means that pair too. Anything else has no meaning the RFCs give it and is refused with 461, naming the value:
/// an odd first value (`65535-65535`, `255`: no room for RTCP after it), port 0 (nothing can receive on it), or a
/// range that is not the even value and the next one (`5000-5003`). Descending ranges never get here: the
/// `Transport` parser refuses them with 400.
extension TransportSpec {
    /// The client's RTP and RTCP ports; nil when the offer names none.
    func clientPortPair() throws(RequestRefusal) -> (rtp: UInt16, rtcp: UInt16)? {
        guard let ports = clientPort else { return nil }
        guard ports.lowerBound != 0 else {
            throw RequestRefusal(.unsupportedTransport, "client_port \(Self.describe(ports)): port 0 cannot receive media")
        }
        return try Self.pair(ports, name: "client_port", unit: "port")
    }

    /// The interleaved RTP and RTCP channels; nil when the offer leaves the choice to the server.
    func interleavedPair() throws(RequestRefusal) -> (rtp: UInt8, rtcp: UInt8)? {
        guard let channels = interleaved else { return nil }
        return try Self.pair(channels, name: "interleaved", unit: "channel")
    }

    /// `even-even` or `even-(even+1)`; `| 1` names the next odd value without arithmetic that could overflow.
    private static func pair<Value: FixedWidthInteger & UnsignedInteger>(
        _ range: ClosedRange<Value>, name: String, unit: String
    ) throws(RequestRefusal) -> (rtp: Value, rtcp: Value) {
        let rtp = range.lowerBound
        guard rtp & 1 == 0 else {
            throw RequestRefusal(
                .unsupportedTransport, "\(name) \(describe(range)): the RTP \(unit) must be even, with RTCP on the next (RFC 3550 §11)")
        }
        let rtcp = rtp | 1
        guard range.upperBound == rtp || range.upperBound == rtcp else {
            throw RequestRefusal(.unsupportedTransport, "\(name) \(describe(range)) is not an RTP/RTCP pair: expected \(rtp)-\(rtcp)")
        }
        return (rtp, rtcp)
    }

    private static func describe<Value: FixedWidthInteger>(_ range: ClosedRange<Value>) -> String {
        "\(range.lowerBound)-\(range.upperBound)"
    }
}
