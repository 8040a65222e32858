import FMP4
import Testing

@Suite struct FMP4TimelineTests {
    @Test func decodeTimesAreCaptureTimesIn90kHzTicksFromTheFirstFrame() {
        var timeline = FMP4Timeline(framesPerSecond: 25)
        let start: UInt64 = 5_000_000_000
        let first = timeline.fragment(captureTime: start)
        // The first sample lasts the nominal interval: 90000 / 25.
        #expect(first == FMP4Fragment(sequenceNumber: 1, baseMediaDecodeTime: 0, sampleDuration: 3600))
        // 33.4 ms later: 3006 ticks; the sample lasts as long as the gap before it.
        let second = timeline.fragment(captureTime: start + 33_400_000)
        #expect(second == FMP4Fragment(sequenceNumber: 2, baseMediaDecodeTime: 3006, sampleDuration: 3006))
        // A skipped frame leaves a gap in decode times, not a shift.
        let third = timeline.fragment(captureTime: start + 100_000_000)
        #expect(third == FMP4Fragment(sequenceNumber: 3, baseMediaDecodeTime: 9000, sampleDuration: 5994))
    }

    @Test func aClockGoingBackwardsNeverMovesDecodeTimeBack() {
        var timeline = FMP4Timeline()
        _ = timeline.fragment(captureTime: 1_000_000_000)
        let later = timeline.fragment(captureTime: 2_000_000_000)
        let earlier = timeline.fragment(captureTime: 500_000_000)
        #expect(later.baseMediaDecodeTime == 90_000)
        #expect(earlier.baseMediaDecodeTime == 90_000)
        #expect(earlier.sampleDuration == later.sampleDuration)
    }

    @Test func yearsOfNanosecondsDoNotOverflow() {
        var timeline = FMP4Timeline()
        _ = timeline.fragment(captureTime: 0)
        // 500 years: the product with 90000 would overflow 64 bits; seconds and the rest are scaled apart.
        let fragment = timeline.fragment(captureTime: 500 * 365 * 86_400 * 1_000_000_000)
        #expect(fragment.baseMediaDecodeTime == 500 * 365 * 86_400 * 90_000)
        // A gap longer than 32 bits of ticks keeps the previous duration.
        #expect(fragment.sampleDuration == 3000)
    }
}
