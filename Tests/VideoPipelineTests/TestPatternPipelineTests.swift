import Dispatch
import H264
import Logging
import NIOConcurrencyHelpers
import Testing
import VideoPipeline
import X264Encoder

#if canImport(Glibc)
import Glibc
#endif

/// The capture thread as `top -H`, `perf` and the benchmark see it.
@Suite(.timeLimit(.minutes(1)))
struct TestPatternPipelineTests {
    /// Frames are made and delivered on a thread of their own, named so that its CPU time is told apart
    /// from the event loop's (from which it is started, and whose name it would otherwise inherit).
    @Test func accessUnitsComeFromTheNamedCaptureThread() throws {
        let pipeline = try TestPatternPipeline(
            settings: EncoderSettings(width: 160, height: 120, framesPerSecond: 30), logger: Logger(label: "test"))
        let seen = NIOLockedValueBox<(name: String, startsDecoding: Bool)?>(nil)
        let delivered = DispatchSemaphore(value: 0)
        try pipeline.start { accessUnit in
            let first = seen.withLockedValue { seen -> Bool in
                guard seen == nil else { return false }
                seen = (Self.currentThreadName(), accessUnit.startsDecoding)
                return true
            }
            if first { delivered.signal() }
        }
        let arrived = delivered.wait(timeout: .now() + 10) == .success
        pipeline.stop()
        #expect(arrived, "no access unit within 10 s")
        let first = seen.withLockedValue { $0 }
        #expect(first?.name == "capture")
        #expect(first?.startsDecoding == true, "the first access unit must carry SPS, PPS and an IDR")
    }

    /// The kernel's name for the calling thread, as `top -H` shows it.
    static func currentThreadName() -> String {
        let descriptor = open("/proc/thread-self/comm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix(max(count, 0)).filter { $0 != 0x0A }, as: UTF8.self)
    }
}
