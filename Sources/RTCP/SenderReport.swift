/// SR: statistics from a participant that sends RTP, plus reception reports for the sources it hears.
///
/// The NTP/RTP timestamp pair lets receivers map this stream's media clock to wallclock time (and so align it
/// with other streams), and its middle 32 bits come back in receivers' LSR fields to measure round-trip time.
///
/// A report with more than 31 blocks (the 5-bit count) is written as an SR followed by RR packets for the rest,
/// as RFC 3550 §6.4 allows.
///
/// Specification: RFC 3550 §6.4.1
public struct SenderReport: Hashable, Sendable {
    /// The sender of this report.
    public var ssrc: UInt32
    /// Wallclock time when this report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant as `ntpTimestamp`, in the RTP timestamp units of this stream (90 kHz for video).
    public var rtpTimestamp: UInt32
    /// RTP data packets sent since the start of transmission (modulo 2³²).
    public var packetCount: UInt32
    /// RTP payload octets sent since the start of transmission, excluding headers and padding (modulo 2³²).
    public var octetCount: UInt32
    /// Reception reports about sources this participant receives.
    public var reportBlocks: [ReportBlock]

    public init(
        ssrc: UInt32,
        ntpTimestamp: NTPTimestamp,
        rtpTimestamp: UInt32,
        packetCount: UInt32,
        octetCount: UInt32,
        reportBlocks: [ReportBlock] = []
    ) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
    }

    /// RTCP packet type 200.
    public static let packetType: UInt8 = 200
}
