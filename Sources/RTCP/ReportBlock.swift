/// One reception report: what a receiver observed about one RTP source since its previous report.
///
/// A sender uses these to learn loss and jitter at each receiver, and — through LSR and DLSR — the round-trip
/// time, without either side needing synchronised clocks. On the wire it is 24 bytes.
///
/// Specification: RFC 3550 §6.4.1
public struct ReportBlock: Hashable, Sendable {
    /// The smallest and largest cumulative loss a 24-bit signed field can carry; larger values are clamped on
    /// write, as RFC 3550 §A.3 does, rather than wrapping into a misleading sign.
    public static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// The source this block reports on.
    public var ssrc: UInt32
    /// Packets lost since the previous report as a fixed-point fraction with the binary point at the left
    /// (loss ÷ expected × 256).
    public var fractionLost: UInt8
    /// Packets lost since the start of reception; negative when duplicates outnumber losses.
    /// 24-bit signed on the wire, clamped to ``cumulativeLostRange`` on write.
    public var cumulativeLost: Int32
    /// Highest sequence number received, extended upward by 65 536 per wrap (cycles in the high 16 bits).
    public var extendedHighestSequenceNumber: UInt32
    /// Interarrival jitter estimate in RTP timestamp units.
    public var jitter: UInt32
    /// LSR: the middle 32 bits of the NTP timestamp of the last sender report received from this source, or 0.
    public var lastSenderReport: UInt32
    /// DLSR: time between receiving that sender report and sending this block, in units of 1/65 536 s.
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32,
        fractionLost: UInt8 = 0,
        cumulativeLost: Int32 = 0,
        extendedHighestSequenceNumber: UInt32 = 0,
        jitter: UInt32 = 0,
        lastSenderReport: UInt32 = 0,
        delaySinceLastSenderReport: UInt32 = 0
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Size of one block on the wire: SSRC 4 + fraction 1 + cumulative 3 + sequence 4 + jitter 4 + LSR 4 + DLSR 4.
    static let wireSize = 24
}
