import NIOCore

/// An RTP or RTCP packet carried inside the RTSP TCP connection.
///
/// Clients behind NAT or firewalls (and ffmpeg with `-rtsp_transport tcp`) ask for `RTP/AVP/TCP;interleaved=0-1`;
/// media then travels on the control connection as `$`, channel, 16-bit big-endian length, payload. The channel
/// says which stream and whether it is RTP or RTCP, as negotiated in the `Transport` header.
///
/// Specification: RFC 2326 §10.12
public struct InterleavedFrame: Sendable, Hashable {
    /// The channel identifier from the `interleaved=` transport parameter.
    public var channel: UInt8
    /// The RTP or RTCP packet; at most 65535 bytes, the largest length the 16-bit field can carry.
    public var payload: ByteBuffer

    public init(channel: UInt8, payload: ByteBuffer) {
        self.channel = channel
        self.payload = payload
    }

    /// `$` + channel + 16-bit length.
    public static let headerLength = 4
    /// The length field is 16 bits.
    public static let maxPayloadLength = Int(UInt16.max)
}
