import Dispatch
import H264
import Logging
import NIOConcurrencyHelpers
import Synchronization
import Testing
import VideoPipeline
import X264Encoder

/// A sub-stream fed from the test pattern's capture thread: its own size, its own thread, an IDR first and on
/// request, and a slow sub-encoder that loses its own frames without slowing the main stream.
@Suite(.timeLimit(.minutes(1)))
struct SubstreamEncoderTests {
    static let main = EncoderSettings(width: 320, height: 240, framesPerSecond: 30)
    static let sub = EncoderSettings(width: 160, height: 96, framesPerSecond: 30, bitrateKbps: 200)

    @Test func subStreamIsScaledEncodedOnItsOwnThreadAndStartsWithAnIDR() throws {
        let pipeline = try TestPatternPipeline(settings: Self.main, logger: Logger(label: "test"))
        let substream = try SubstreamEncoder(settings: Self.sub, captureRate: 30, parentDescription: "main", logger: Logger(label: "test"))
        pipeline.feed(substream)
        let spsSize = try SequenceParameterSet(nalUnit: substream.parameterSets.sps)
        #expect((spsSize.width, spsSize.height) == (160, 96))

        let units = NIOLockedValueBox<[(threadName: String, startsDecoding: Bool, isIDR: Bool)]>([])
        let enough = DispatchSemaphore(value: 0)
        try substream.start { accessUnit in
            let count = units.withLockedValue { units in
                units.append((TestPatternPipelineTests.currentThreadName(), accessUnit.startsDecoding, accessUnit.isIDR))
                return units.count
            }
            if count == 5 { substream.requestKeyframe() }
            if count == 12 { enough.signal() }
        }
        try pipeline.start { _ in }
        let arrived = enough.wait(timeout: .now() + 10) == .success
        pipeline.stop()
        substream.stop()
        #expect(arrived, "the sub-stream did not deliver 12 access units within 10 s")
        let seen = units.withLockedValue { $0 }
        #expect(seen.allSatisfy { $0.threadName == "substream" })
        #expect(seen.first?.startsDecoding == true, "the first access unit must carry SPS, PPS and an IDR")
        // The keyframe asked for after the fifth unit comes within the next few (one may be in the slot already).
        #expect(seen[5..<8].contains { $0.startsDecoding }, "no IDR soon after requestKeyframe: \(seen.map(\.isIDR))")
    }

    /// The sub-stream's consumer blocks; the main stream must keep its pace and the sub-stream skip, not queue.
    @Test func aStalledSubstreamSkipsItsFramesAndNeverSlowsTheMainOne() throws {
        let pipeline = try TestPatternPipeline(settings: Self.main, logger: Logger(label: "test"))
        let substream = try SubstreamEncoder(settings: Self.sub, captureRate: 30, parentDescription: "main", logger: Logger(label: "test"))
        pipeline.feed(substream)
        let release = DispatchSemaphore(value: 0)
        let subDelivered = Atomic<Int>(0)
        try substream.start { _ in
            if subDelivered.add(1, ordering: .relaxed).newValue == 1 { release.wait() }
        }
        let mainDelivered = Atomic<Int>(0)
        let mainEnough = DispatchSemaphore(value: 0)
        try pipeline.start { _ in
            if mainDelivered.add(1, ordering: .relaxed).newValue == 20 { mainEnough.signal() }
        }
        let mainArrived = mainEnough.wait(timeout: .now() + 10) == .success
        let skipped = substream.skippedWhileBusy
        release.signal()
        pipeline.stop()
        substream.stop()
        #expect(mainArrived, "the main stream stalled with its sub-stream")
        #expect(subDelivered.load(ordering: .relaxed) >= 1)
        // Frames 1 and 2 may be in the encoder and the slot; every later one is skipped.
        #expect(skipped >= 15, "skipped \(skipped) of 20 while the sub-stream was stalled")
        #expect(substream.status.captureDrops == substream.skippedWhileBusy)
    }
}
