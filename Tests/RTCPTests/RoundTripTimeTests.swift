import RTCP
import Testing

@Suite struct RoundTripTimeTests {
    /// RFC 3550 §6.4.1, Figure 2: A = 0xb710:8000 (46 864.500 s), LSR = 0xb705:2000 (46 853.125 s),
    /// DLSR = 0x0005:4000 (5.250 s), so the round trip is 0x0006:2000 (6.125 s).
    @Test func rfc3550WorkedExample() {
        let block = ReportBlock(ssrc: 1, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)
        let arrival = NTPTimestamp(seconds: 0xC3A1_B710, fraction: 0x8000_0000)
        #expect(arrival.middle32 == 0xB710_8000)
        #expect(block.roundTripTime(arrivedAt: arrival) == 0x0006_2000)
    }

    @Test func nilBeforeAnySenderReportWasSeen() {
        let block = ReportBlock(ssrc: 1, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        #expect(block.roundTripTime(arrivedAt: NTPTimestamp(seconds: 5, fraction: 0)) == nil)
    }

    @Test func nilWhenTheDelayExceedsTheElapsedTime() {
        let block = ReportBlock(ssrc: 1, lastSenderReport: 0x0001_0000, delaySinceLastSenderReport: 0x0002_0000)
        #expect(block.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0x0002, fraction: 0)) == nil)
        // Arrival "before" the report was sent (a bogus LSR) is refused too, not wrapped to 18 hours.
        let early = ReportBlock(ssrc: 1, lastSenderReport: 0x0005_0000, delaySinceLastSenderReport: 0)
        #expect(early.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0x0004, fraction: 0)) == nil)
    }

    @Test func survivesTheWrapOfThe32BitClock() {
        let block = ReportBlock(ssrc: 1, lastSenderReport: 0xFFFF_0000, delaySinceLastSenderReport: 0x0000_8000)
        let arrival = NTPTimestamp(seconds: 0x0001_0001, fraction: 0)
        #expect(block.roundTripTime(arrivedAt: arrival) == 0x0001_8000)
    }
}
