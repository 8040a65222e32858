import Logging

/// What a camera pipeline's capture thread says while its camera fails and comes back, and how long it waits.
///
/// Both camera pipelines (V4L2 and libcamera) keep their viewers through an outage the same way, so the
/// operator reads the same lines whichever camera it is: the first failure, any that differs, a reminder
/// every 30 s (`RetrySchedule`), and one line when frames flow again, with how long they did not.
struct CameraRecovery {
    /// The log key naming the camera: `camera.device` for V4L2, `camera.libcamera` for libcamera.
    let cameraKey: String
    private var retry = RetrySchedule()
    /// Whether any frame came yet: a camera that never appeared is awaited, not "lost".
    private(set) var hasStreamed = false

    init(cameraKey: String) {
        self.cameraKey = cameraKey
    }

    /// Records a failed attempt, logs it when `RetrySchedule` says to, and returns how long to wait.
    /// - Parameter cameraGone: the camera is not there (unplugged, unbound, not yet plugged in), which is
    ///   expected and a warning; anything else is an error the operator should look at.
    mutating func failed(_ error: any Error, cameraGone: Bool, camera: String, logger: Logger) -> Int {
        let wait = retry.failed(with: "\(error)")
        guard retry.shouldLog else { return wait }
        let message: Logger.Message =
            !cameraGone
            ? "camera cannot stream; retrying"
            : hasStreamed ? "camera lost; the stream pauses and viewers keep their sessions" : "waiting for the camera to appear"
        logger.log(
            level: cameraGone ? .warning : .error, message,
            metadata: [
                cameraKey: "\(camera)", "error": "\(error)", "camera.retry_ms": "\(wait)", "camera.attempts": "\(retry.failures)",
            ])
        return wait
    }

    /// Call for every frame: the first one after failures says the camera is back (or appeared).
    mutating func frameArrived(camera: String, logger: Logger) {
        if retry.failures > 0 {
            logger.notice(
                hasStreamed ? "camera back; resuming with a keyframe" : "camera appeared; streaming",
                metadata: [cameraKey: "\(camera)", "camera.down_ms": "\(retry.downMilliseconds)"])
            retry.reset()
        }
        hasStreamed = true
    }
}
