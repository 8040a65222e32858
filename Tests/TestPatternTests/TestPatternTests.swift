import TestPattern
import Testing
import Timecode

@Suite struct TestPatternTests {
    func luma(_ renderer: TestPatternRenderer, x: Int, y: Int) -> UInt8 {
        renderer.planes.y.load(fromByteOffset: y * renderer.planes.strides.0 + x, as: UInt8.self)
    }

    @Test func framesStartWithTheSMPTEBars() {
        let renderer = TestPatternRenderer(width: 1280, height: 720)
        renderer.render(frameIndex: 0)
        // Seven 75% bars across the top: white, yellow, cyan, green, magenta, red, blue (BT.601 luma).
        let barWidth = 1280 / 7
        let expected: [UInt8] = [180, 162, 131, 112, 84, 65, 35]
        for (bar, value) in expected.enumerated() {
            #expect(luma(renderer, x: bar * barWidth + barWidth / 2, y: 100) == value)
        }
        // The bottom band starts with -I, then 100% white.
        #expect(luma(renderer, x: barWidth + barWidth / 2, y: 700) == 235)
    }

    @Test func barsScrollEightPixelsPerFrame() {
        let renderer = TestPatternRenderer(width: 640, height: 360)
        renderer.render(frameIndex: 0)
        let first = (0..<640).map { luma(renderer, x: $0, y: 10) }
        renderer.render(frameIndex: 1)
        let second = (0..<640).map { luma(renderer, x: $0, y: 10) }
        #expect(first != second)
        #expect((0..<632).allSatisfy { second[$0] == first[$0 + 8] })
    }

    @Test func everyRowOfABandIsTheSame() {
        let renderer = TestPatternRenderer(width: 320, height: 240)
        renderer.render(frameIndex: 3)
        let top = (0..<320).map { luma(renderer, x: $0, y: 0) }
        #expect((1..<160).allSatisfy { y in (0..<320).allSatisfy { luma(renderer, x: $0, y: y) == top[$0] } })
    }

    /// The bottom right quarter is grey noise that changes every frame, as in videotestsrc's SMPTE pattern:
    /// what makes the pattern cost an encoder as much as the benchmark peer's does.
    @Test func bottomRightIsFreshGreyNoise() {
        let renderer = TestPatternRenderer(width: 320, height: 240)
        renderer.render(frameIndex: 0)
        let first = (240..<320).map { luma(renderer, x: $0, y: 230) }
        renderer.render(frameIndex: 1)
        let second = (240..<320).map { luma(renderer, x: $0, y: 230) }
        #expect(Set(first).count > 40, "noise has many levels, got \(Set(first).count)")
        #expect(zip(first, second).filter { $0 != $1 }.count > 60)
        // Left of the noise, the bottom band is still flat colour rows.
        #expect((0..<200).allSatisfy { luma(renderer, x: $0, y: 230) == luma(renderer, x: $0, y: 239) })
        let chromaV = renderer.planes.v.load(fromByteOffset: 115 * renderer.planes.strides.2 + 150, as: UInt8.self)
        #expect(chromaV == 128)
    }

    /// Pacing by absolute deadlines: capture times are ticks exactly one interval apart (or whole intervals,
    /// when a slow consumer made the source skip some), and no frame is handed out before its tick.
    @Test func framesFollowTheFrameClockAndAreNeverEarly() {
        let source = TestPatternSource(width: 64, height: 64, framesPerSecond: 200)
        let interval: UInt64 = 1_000_000_000 / 200
        var ticks: [UInt64] = []
        for _ in 0..<10 {
            let captureTime = source.nextFrame()
            #expect(MonotonicClock.now() >= captureTime)
            ticks.append(captureTime)
        }
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { ($1 - $0) % interval == 0 && $1 > $0 })
        #expect(ticks[9] - ticks[0] == UInt64(9 + source.droppedFrames) * interval)
    }

    /// Each frame shows its own capture instant on the wall clock: successive strips are exactly the ticks
    /// between them apart (5 ms a frame at 200 fps, a whole number of milliseconds), and none shows a time still
    /// to come.
    @Test func framesShowTheirCaptureTimeOnTheWallClock() {
        let source = TestPatternSource(width: 320, height: 240, framesPerSecond: 200)
        var shown: [(tick: UInt64, milliseconds: UInt32)] = []
        for _ in 0..<10 {
            let tick = source.nextFrame()
            let planes = source.renderer.planes
            let milliseconds = TimecodeStrip.read(luma: UnsafeRawBufferPointer(start: planes.y, count: 320 * 240), stride: 320)
            #expect(milliseconds.map { TimecodeStrip.age(milliseconds: $0, now: RealtimeClock.now() / 1_000_000) >= 0 } == true)
            if let milliseconds { shown.append((tick, milliseconds)) }
        }
        #expect(shown.count == 10)
        for (earlier, later) in zip(shown, shown.dropFirst()) {
            let ticks = Int((later.tick - earlier.tick) / 1_000_000)
            #expect(
                TimecodeStrip.age(milliseconds: earlier.milliseconds, now: UInt64(later.milliseconds)) == ticks,
                "\(earlier) → \(later)")
        }
    }
}
