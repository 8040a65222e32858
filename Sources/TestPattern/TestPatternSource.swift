/// A camera stand-in that ships: frames at a fixed rate, paced by the monotonic clock,
/// each stamped with the tick of the frame clock it shows, the way a camera stamps the instant of exposure,
/// and showing that instant's wall-clock time in its timecode strip, so any viewer can measure how old the
/// frame it displays is (pictures of at least 256×32 pixels; see `TimecodeStrip`).
/// The stamps are exactly one frame apart, so players see no jitter the pattern did not have.
/// Used by one thread at a time.
public final class TestPatternSource {
    public let framesPerSecond: Int
    public let renderer: TestPatternRenderer
    /// Ticks that had already passed when the caller asked for a frame (the consumer fell behind);
    /// they are skipped, never queued, so a slow encoder costs frames, not latency.
    public private(set) var droppedFrames = 0

    private let interval: UInt64
    private var nextTick: UInt64?
    private var frameIndex = 0
    /// CLOCK_REALTIME − CLOCK_MONOTONIC in ns, which turns a tick into the wall-clock time the strip shows.
    /// Read again once a second: often enough that a wall clock set by hand or stepped by NTP shows within a
    /// second, and rarely enough that successive strips differ by exactly the ticks between them.
    private var wallClockOffset: UInt64 = 0
    private var framesUntilOffsetRead = 0

    public init(width: Int, height: Int, framesPerSecond: Int) {
        precondition(framesPerSecond > 0, "frame rate must be positive")
        self.framesPerSecond = framesPerSecond
        self.renderer = TestPatternRenderer(width: width, height: height)
        self.interval = 1_000_000_000 / UInt64(framesPerSecond)
    }

    /// Waits for the next tick, draws the frame and returns its capture time: that tick (CLOCK_MONOTONIC ns),
    /// never later than the moment it returns. The picture is read from `renderer.planes` until the next call.
    public func nextFrame() -> UInt64 {
        let now = MonotonicClock.now()
        var tick = nextTick ?? now
        if now > tick + interval {
            let missed = (now - tick) / interval
            droppedFrames += Int(missed)
            frameIndex += Int(missed)
            tick += missed * interval
        }
        MonotonicClock.sleep(until: tick)
        if framesUntilOffsetRead == 0 {
            wallClockOffset = RealtimeClock.now() &- MonotonicClock.now()
            framesUntilOffsetRead = framesPerSecond
        }
        framesUntilOffsetRead -= 1
        renderer.render(frameIndex: frameIndex)
        renderer.drawTimecode(milliseconds: (tick &+ wallClockOffset) / 1_000_000)
        frameIndex += 1
        nextTick = tick + interval
        return tick
    }
}
