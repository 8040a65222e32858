import Logging
import V4L2Capture

/// Dropped-frame accounting for one streaming run, logged when it changes (at most every 10 s)
/// and once at the end, so a struggling camera or encoder shows up without flooding the log.
struct CaptureStatistics {
    static let reportIntervalNanoseconds: UInt64 = 10_000_000_000

    private var lastReport = RetrySchedule.monotonicNow()
    private var reportedLosses = 0
    private var warnedNoKeyframeButton = false
    private var loggedDecodingError: String?

    mutating func update(_ capture: CaptureStream, _ preparer: FramePreparer, logger: Logger) {
        let now = RetrySchedule.monotonicNow()
        guard now - lastReport >= Self.reportIntervalNanoseconds else { return }
        lastReport = now
        let losses = Self.losses(capture, preparer)
        guard losses != reportedLosses else { return }
        reportedLosses = losses
        logger.warning("frames dropped", metadata: Self.metadata(capture, preparer))
    }

    func logTotals(_ capture: CaptureStream, _ preparer: FramePreparer, logger: Logger) {
        logger.info("capture stopped", metadata: Self.metadata(capture, preparer))
    }

    mutating func noteNoKeyframeButton(logger: Logger) {
        guard !warnedNoKeyframeButton else { return }
        warnedNoKeyframeButton = true
        logger.warning("the camera has no force-key-frame control; joining viewers wait for its next keyframe")
    }

    /// Each distinct reason an MJPEG frame could not be decoded, logged once (a camera sending bad frames would
    /// otherwise log at its frame rate); the count is in the dropped-frame lines.
    mutating func noteUndecodable(_ preparer: FramePreparer, logger: Logger) {
        guard let reason = preparer.lastDecodingError, reason != loggedDecodingError else { return }
        loggedDecodingError = reason
        logger.warning(
            "camera frame dropped", metadata: ["capture.reason": "\(reason)", "capture.undecodable": "\(preparer.undecodableFrames)"])
    }

    static func losses(_ capture: CaptureStream, _ preparer: FramePreparer) -> Int {
        capture.droppedByDriver + capture.skippedStale + capture.corrupted + preparer.shortFrames + preparer.undecodableFrames
    }

    private static func metadata(_ capture: CaptureStream, _ preparer: FramePreparer) -> Logger.Metadata {
        [
            "capture.frames": "\(capture.delivered)", "capture.dropped_by_driver": "\(capture.droppedByDriver)",
            "capture.skipped_stale": "\(capture.skippedStale)", "capture.corrupted": "\(capture.corrupted + preparer.shortFrames)",
            "capture.undecodable": "\(preparer.undecodableFrames)",
        ]
    }
}
