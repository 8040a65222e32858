import RTCP
import Testing

/// RFC 3550 §6.3.1 / §A.7 `rtcp_interval()`, with the random value pinned.
@Suite struct RTCPIntervalTests {
    /// A sender with one receiver and any realistic bitrate: the 5 s minimum rules (2.5 s before the first report).
    @Test func theMinimumRulesForASmallSession() {
        let later = RTCPInterval(members: 2, senders: 1, rtcpBandwidth: 12_500, weSent: true, averageRTCPSize: 100, initial: false)
        #expect(later.deterministicSeconds == 5)
        #expect(later.seconds(random: 0.5) == 5 / RTCPInterval.compensation)
        #expect(later.seconds(random: 0) == 2.5 / RTCPInterval.compensation)
        let first = RTCPInterval(members: 2, senders: 1, rtcpBandwidth: 12_500, weSent: true, averageRTCPSize: 100, initial: true)
        #expect(first.deterministicSeconds == 2.5)
    }

    /// Senders share a quarter of the RTCP bandwidth; receivers the rest, divided among themselves.
    @Test func bandwidthIsSharedAsTheRFCSays() {
        // 1 000 members, 1 sender, 1 000 B/s of RTCP, 200-byte reports.
        let sender = RTCPInterval(members: 1000, senders: 1, rtcpBandwidth: 1000, weSent: true, averageRTCPSize: 200, initial: false)
        #expect(sender.deterministicSeconds == 5, "200 B × 1 / 250 B/s = 0.8 s, below the minimum")
        let receiver = RTCPInterval(members: 1000, senders: 1, rtcpBandwidth: 1000, weSent: false, averageRTCPSize: 200, initial: false)
        #expect(receiver.deterministicSeconds == 200.0 * 999 / 750)
        // When senders are more than a quarter of members, everyone shares all of it.
        let many = RTCPInterval(members: 1000, senders: 500, rtcpBandwidth: 1000, weSent: true, averageRTCPSize: 200, initial: false)
        #expect(many.deterministicSeconds == 200.0 * 1000 / 1000)
    }

    @Test func randomValuesOutsideTheUnitRangeAreClampedAndNoBandwidthMeansTheMinimum() {
        let interval = RTCPInterval(members: 2, senders: 1, rtcpBandwidth: 0, weSent: true, averageRTCPSize: 100, initial: false)
        #expect(interval.deterministicSeconds == 5)
        #expect(interval.seconds(random: 7) == interval.seconds(random: 1))
        #expect(interval.seconds(random: -.infinity) == interval.seconds(random: 0))
        #expect(interval.seconds(random: .nan) == interval.seconds(random: 0.5))
    }
}
