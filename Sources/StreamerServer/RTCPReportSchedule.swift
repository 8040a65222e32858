import NIOCore
import RTCP

/// The bookkeeping RFC 3550 §6.3's interval needs for one stream: how much it sends, how large its RTCP
/// packets are, and whether it has reported yet.
struct RTCPReportSchedule {
    /// RFC 3550 §6.2: RTCP gets 5 % of the session bandwidth.
    static let rtcpShare = 0.05
    /// IPv4 + UDP headers, which RFC 3550 §6.3.3 counts in the average RTCP size.
    static let lowerLayerHeaderBytes = 28

    private var initial = true
    /// Average compound packet size, smoothed with gain 1/16 as in RFC 3550 §6.3.3; starts at one
    /// SR + SDES CNAME + headers.
    private(set) var averageRTCPSize = 100.0
    private var octetsSinceReport = 0
    private var lastReport: NIODeadline?

    mutating func countStreamOctets(_ octets: Int) {
        octetsSinceReport += octets
    }

    mutating func countReport(bytes: Int) {
        averageRTCPSize = (Double(bytes + Self.lowerLayerHeaderBytes) + 15 * averageRTCPSize) / 16
    }

    /// The delay before the next round of reports, with `random` uniform in [0, 1).
    mutating func nextInterval(members: Int, random: Double, now: NIODeadline = .now()) -> TimeAmount {
        var sessionBandwidth = 0.0
        if let lastReport {
            let elapsed = Double((now - lastReport).nanoseconds) / 1e9
            if elapsed > 0 { sessionBandwidth = Double(octetsSinceReport) / elapsed }
        }
        let interval = RTCPInterval(
            members: max(members, 2), senders: 1, rtcpBandwidth: sessionBandwidth * Self.rtcpShare,
            weSent: true, averageRTCPSize: averageRTCPSize, initial: initial)
        initial = false
        lastReport = now
        octetsSinceReport = 0
        return .nanoseconds(Int64(interval.seconds(random: random) * 1e9))
    }
}
