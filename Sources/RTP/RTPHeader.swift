/// The header in front of every RTP packet: what lets a receiver order packets, time them and tell
/// streams apart.
///
/// Specification: RFC 3550 §5.1
public struct RTPHeader: Hashable, Sendable {
    /// Set on the last packet of an access unit (RFC 6184 §5.1), so a receiver can decode without
    /// waiting for the next timestamp.
    public var marker: Bool
    /// 7 bits; 96 and up are dynamic types bound to H.264 by the SDP `a=rtpmap` line.
    public var payloadType: UInt8
    /// Increments by one per packet, wrapping at 65535, so receivers detect loss and reordering.
    public var sequenceNumber: UInt16
    /// Sampling instant of the payload, in units of the payload's clock rate (90 kHz for video).
    public var timestamp: UInt32
    /// Identifies the stream; random per session so two sources do not collide.
    public var ssrc: UInt32
    /// The packet ends with padding whose last byte counts the padding bytes.
    public var padding: Bool
    /// Contributing sources (at most 15, a 4-bit count); mixers set them, cameras leave them empty.
    public var csrcs: [UInt32]
    /// The packet carried a header extension; parsing skips its contents, writing emits an empty one.
    public var hasExtension: Bool

    /// Size of the fixed part of the header: before CSRCs and extension.
    public static let size = 12

    public init(marker: Bool, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.padding = false
        self.csrcs = []
        self.hasExtension = false
    }
}
