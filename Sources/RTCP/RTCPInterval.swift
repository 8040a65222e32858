/// When to send the next RTCP report: RFC 3550's computed interval, so that RTCP stays a small, fixed share of
/// the session's bandwidth however many participants there are, and reports from many participants never
/// synchronise.
///
/// The deterministic interval is `avgRTCPSize × n / rtcpBandwidth`, at least 5 s (2.5 s before the first
/// report); it is then scaled by a random factor in [0.5, 1.5) and divided by e − 3/2 to make up for the
/// timer reconsideration algorithm's bias. The random value is passed in, so results are exact in tests.
///
/// Specification: RFC 3550 §6.2, §6.3.1, §A.7
public struct RTCPInterval: Sendable, Hashable {
    /// RFC 3550 §6.2: the recommended minimum between reports.
    public static let minimumSeconds = 5.0
    /// RFC 3550 §6.2: senders share a quarter of the RTCP bandwidth when they are at most a quarter of members.
    public static let senderBandwidthFraction = 0.25
    /// RFC 3550 §6.3.1: e − 3/2, which the randomised interval is divided by.
    public static let compensation = 2.71828 - 1.5

    /// Participants in the session, this sender included.
    public var members: Int
    /// How many of them sent RTP since the last report.
    public var senders: Int
    /// The RTCP bandwidth in octets per second: 5 % of the session bandwidth (RFC 3550 §6.2).
    public var rtcpBandwidth: Double
    /// Whether this participant sent RTP since its last report.
    public var weSent: Bool
    /// Average compound RTCP packet size in octets, lower-layer headers included (RFC 3550 §6.3.3).
    public var averageRTCPSize: Double
    /// True before this participant's first report: the minimum is halved so a newcomer reports soon.
    public var initial: Bool

    public init(members: Int, senders: Int, rtcpBandwidth: Double, weSent: Bool, averageRTCPSize: Double, initial: Bool) {
        self.members = members
        self.senders = senders
        self.rtcpBandwidth = rtcpBandwidth
        self.weSent = weSent
        self.averageRTCPSize = averageRTCPSize
        self.initial = initial
    }

    /// The deterministic interval Td in seconds, before randomisation.
    public var deterministicSeconds: Double {
        let minimum = initial ? Self.minimumSeconds / 2 : Self.minimumSeconds
        var bandwidth = rtcpBandwidth
        var count = max(members, 1)
        if Double(senders) <= Double(members) * Self.senderBandwidthFraction {
            if weSent {
                bandwidth *= Self.senderBandwidthFraction
                count = max(senders, 1)
            } else {
                bandwidth *= 1 - Self.senderBandwidthFraction
                count = max(members - senders, 1)
            }
        }
        guard bandwidth > 0, bandwidth.isFinite else { return minimum }
        return max(averageRTCPSize * Double(count) / bandwidth, minimum)
    }

    /// The interval to wait, in seconds: Td × (random + 0.5) / (e − 3/2).
    /// - Parameter random: uniform in [0, 1), like `drand48()` in RFC 3550 §A.7; clamped into that range (NaN
    ///   counts as the middle, 0.5).
    public func seconds(random: Double) -> Double {
        let unit = random.isNaN ? 0.5 : min(max(random, 0), 1)
        return deterministicSeconds * (unit + 0.5) / Self.compensation
    }
}
