/// RR: reception reports from a participant that is not sending RTP — how a viewer tells the server about loss
/// and jitter, and echoes SR timestamps for round-trip time.
///
/// An RR with no blocks is valid (nothing received yet). More than 31 blocks are written as several RR packets.
///
/// Specification: RFC 3550 §6.4.2
public struct ReceiverReport: Hashable, Sendable {
    /// The sender of this report.
    public var ssrc: UInt32
    /// One block per source heard since the last report.
    public var reportBlocks: [ReportBlock]

    public init(ssrc: UInt32, reportBlocks: [ReportBlock] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
    }

    /// RTCP packet type 201.
    public static let packetType: UInt8 = 201
}
