import CoreMetrics

/// Where a pipeline counts what happens to its frames, as swift-metrics handlers: the pipeline does not know
/// which metrics system (the server's Prometheus registry) stands behind them, and a pipeline given none counts
/// nothing. Called on the capture thread, once or twice per frame: each is an atomic add or a short lock.
public struct PipelineMetrics: Sendable {
    /// Frames the source delivered: dequeued from the camera, or drawn by the test pattern.
    public var framesCaptured: any CounterHandler
    /// Frames x264 encoded (none for a camera whose own H.264 is passed through).
    public var framesEncoded: any CounterHandler
    /// Frames lost before the encoder: dropped by the driver, stale, corrupt or short.
    public var framesDropped: any CounterHandler
    /// How long x264 took for each frame.
    public var encodeTime: any TimerHandler

    public init(
        framesCaptured: any CounterHandler, framesEncoded: any CounterHandler, framesDropped: any CounterHandler,
        encodeTime: any TimerHandler
    ) {
        self.framesCaptured = framesCaptured
        self.framesEncoded = framesEncoded
        self.framesDropped = framesDropped
        self.encodeTime = encodeTime
    }

    /// Encodes with `encode`, timing it on the monotonic clock.
    func timingEncode<Result>(_ encode: () throws -> Result) rethrows -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try encode()
        let elapsed = clock.now - start
        let (seconds, attoseconds) = elapsed.components
        encodeTime.recordNanoseconds(seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
        framesEncoded.increment(by: 1)
        return result
    }
}
