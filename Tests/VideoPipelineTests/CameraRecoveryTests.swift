import Logging
import NIOConcurrencyHelpers
import Testing

@testable import VideoPipeline

/// What the operator reads while a camera fails and comes back: the same lines for V4L2 and libcamera.
@Suite struct CameraRecoveryTests {
    struct Line: Equatable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    /// Keeps every line logged through it, for the test to read.
    struct RecordingLogHandler: LogHandler {
        let lines: NIOLockedValueBox<[Line]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).mapValues { "\($0)" }
            lines.withLockedValue { $0.append(Line(level: event.level, message: "\(event.message)", metadata: fields)) }
        }
    }

    struct Gone: Error, CustomStringConvertible {
        var description: String { "/dev/video0 is gone" }
    }

    @Test func aCameraAwaitedLostAndBackIsToldOnceEach() {
        let lines = NIOLockedValueBox<[Line]>([])
        let logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines) }
        var recovery = CameraRecovery(cameraKey: "camera.device")
        func taken() -> [Line] {
            lines.withLockedValue { logged in
                defer { logged = [] }
                return logged
            }
        }

        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 100)
        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 200)
        #expect(
            taken() == [
                Line(
                    level: .warning, message: "waiting for the camera to appear",
                    metadata: ["camera.device": "/dev/video0", "error": "/dev/video0 is gone", "camera.retry_ms": "100", "camera.attempts": "1"])
            ])

        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        let appeared = taken()
        #expect(appeared.map(\.message) == ["camera appeared; streaming"])
        #expect(appeared.first?.level == .notice)
        #expect(appeared.first?.metadata["camera.down_ms"] != nil)
        #expect(recovery.hasStreamed)

        // Once frames have come, the same failure is a camera lost, and the backoff starts again from 100 ms.
        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 100)
        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        #expect(
            taken().map(\.message) == [
                "camera lost; the stream pauses and viewers keep their sessions", "camera back; resuming with a keyframe",
            ])
    }

    @Test func aCameraThatIsThereButCannotStreamIsAnError() {
        let lines = NIOLockedValueBox<[Line]>([])
        let logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines) }
        var recovery = CameraRecovery(cameraKey: "camera.libcamera")
        _ = recovery.failed(Gone(), cameraGone: false, camera: "first camera", logger: logger)
        let logged = lines.withLockedValue { $0 }
        #expect(logged.map(\.level) == [.error])
        #expect(logged.map(\.message) == ["camera cannot stream; retrying"])
        #expect(logged.first?.metadata["camera.libcamera"] == "first camera")
    }
}
