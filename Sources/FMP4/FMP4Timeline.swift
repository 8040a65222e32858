/// Turns capture times into the track's 90 kHz decode times and each sample's duration.
///
/// A live sample's duration is not known until the next frame is captured; waiting for it would add a frame
/// of latency, so a sample lasts as long as the gap before it did (the nominal frame interval for the
/// first). Decode times come from the capture clock itself, so a late or skipped frame shifts nothing after it.
public struct FMP4Timeline: Sendable {
    private let nominalDuration: UInt32
    private var origin: UInt64?
    private var previousCaptureTime: UInt64?
    private var previousDuration: UInt32
    private var previousDecodeTime: UInt64 = 0
    private var nextSequenceNumber: UInt32 = 1

    /// `framesPerSecond` only sets the first sample's duration; nil or 0 means 30.
    public init(framesPerSecond: Int? = nil) {
        let rate = UInt32(exactly: max(1, framesPerSecond ?? 30)) ?? 30
        nominalDuration = max(1, FMP4VideoTrack.timescale / rate)
        previousDuration = nominalDuration
    }

    /// The fragment for the access unit captured at `captureTime` (nanoseconds on a monotonic clock). Times
    /// before the timeline's start or going backwards (a camera that reset its clock) do not trap: they
    /// clamp to the previous decode time.
    public mutating func fragment(captureTime: UInt64) -> FMP4Fragment {
        let origin = self.origin ?? captureTime
        self.origin = origin
        let elapsed = captureTime >= origin ? captureTime - origin : 0
        let decodeTime = max(Self.ticks(nanoseconds: elapsed), previousDecodeTime)
        previousDecodeTime = decodeTime
        if let previous = previousCaptureTime, captureTime > previous {
            let gap = Self.ticks(nanoseconds: captureTime - previous)
            previousDuration = UInt32(exactly: gap) ?? previousDuration
            if previousDuration == 0 { previousDuration = 1 }
        }
        previousCaptureTime = max(captureTime, previousCaptureTime ?? captureTime)
        let fragment = FMP4Fragment(sequenceNumber: nextSequenceNumber, baseMediaDecodeTime: decodeTime, sampleDuration: previousDuration)
        nextSequenceNumber &+= 1
        return fragment
    }

    /// Nanoseconds to 90 kHz ticks without overflow: whole seconds and the rest separately.
    static func ticks(nanoseconds: UInt64) -> UInt64 {
        let rate = UInt64(FMP4VideoTrack.timescale)
        return nanoseconds / 1_000_000_000 * rate + nanoseconds % 1_000_000_000 * rate / 1_000_000_000
    }
}
