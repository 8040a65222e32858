import RTCP

/// What a viewer's client reports about our stream in its RTCP receiver reports (RFC 3550 §6.4.1), kept per
/// viewer: the latest loss and jitter figures, and the round-trip time derived from LSR/DLSR.
struct ReceptionStatistics: Sendable, Hashable {
    /// Receiver reports about our SSRC received so far.
    var reportCount = 0
    /// The latest report block about our SSRC.
    var latest: ReportBlock?
    /// Round-trip time from the latest block that echoed one of our sender reports, in seconds.
    var roundTripSeconds: Double?

    /// Takes one report block that arrived at `arrival` (wall clock, as NTP).
    mutating func record(_ block: ReportBlock, arrivedAt arrival: NTPTimestamp) {
        reportCount += 1
        latest = block
        if let rtt = block.roundTripTime(arrivedAt: arrival) {
            roundTripSeconds = Double(rtt) / 65536
        }
    }
}
