import H264
import NIOConcurrencyHelpers

/// A camera pipeline's `SourceStatus`: written by its capture thread as the camera streams, read by the
/// status page, and the frames it drops counted into the metrics as they happen.
final class LiveSourceStatus: Sendable {
    private let status = NIOLockedValueBox(SourceStatus())

    var current: SourceStatus { status.withLockedValue { $0 } }

    /// A (re)opened camera starts from no drops: the counters it is measured by are its own.
    func streaming(pixelFormat: String, encoderSettings: String?) {
        status.withLockedValue { $0 = SourceStatus(pixelFormat: pixelFormat, encoderSettings: encoderSettings, captureDrops: 0) }
    }

    /// Records the stream's drops so far; the metric grows by what is new since the last frame.
    func recordDrops(_ drops: Int, metrics: PipelineMetrics?) {
        let previous = status.withLockedValue { status in
            defer { status.captureDrops = drops }
            return status.captureDrops ?? 0
        }
        if drops > previous { metrics?.framesDropped.increment(by: Int64(drops - previous)) }
    }
}
