import NIOCore

/// One RTCP packet of a compound datagram.
///
/// The four types RFC 3550 defines are decoded; anything else (APP, and the RTP/AVPF feedback messages such as
/// PLI that RFC 4585 adds) is kept whole as `.other`, so a caller can still act on it without this module
/// knowing every extension.
///
/// Specification: RFC 3550 §6
public enum RTCPPacket: Hashable, Sendable {
    case senderReport(SenderReport)
    case receiverReport(ReceiverReport)
    case sourceDescription(SourceDescription)
    case goodbye(Goodbye)
    /// A packet of another type. `count` is the header's 5-bit count field, which APP uses as its subtype and
    /// RFC 4585 feedback uses as its FMT (1 = PLI); `payload` is everything after the 4-byte common header,
    /// without padding. On write `count` is masked to 5 bits and the payload is zero-padded to 32 bits.
    case other(type: UInt8, count: UInt8, payload: ByteBuffer)
}
