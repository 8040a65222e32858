import LogTestSupport
import Logging
import Testing

@testable import VideoPipeline

/// What the operator reads while a camera fails and comes back: the same lines for V4L2 and libcamera.
@Suite struct CameraRecoveryTests {
    typealias Entry = LogRecorder.Entry

    struct Gone: Error, CustomStringConvertible {
        var description: String { "/dev/video0 is gone" }
    }

    @Test func aCameraAwaitedLostAndBackIsToldOnceEach() {
        let log = LogRecorder()
        let logger = log.logger
        var recovery = CameraRecovery(cameraKey: "camera.device")
        var seen = 0
        func newEntries() -> [Entry] {
            let entries = log.entries
            defer { seen = entries.count }
            return Array(entries[seen...])
        }

        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 100)
        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 200)
        #expect(
            newEntries() == [
                Entry(
                    level: .warning, message: "waiting for the camera to appear",
                    metadata: ["camera.device": "/dev/video0", "error": "/dev/video0 is gone", "camera.retry_ms": "100", "camera.attempts": "1"])
            ])

        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        let appeared = newEntries()
        #expect(appeared.map(\.message) == ["camera appeared; streaming"])
        #expect(appeared.first?.level == .notice)
        #expect(appeared.first?.metadata["camera.down_ms"] != nil)
        #expect(recovery.hasStreamed)

        // Once frames have come, the same failure is a camera lost, and the backoff starts again from 100 ms.
        #expect(recovery.failed(Gone(), cameraGone: true, camera: "/dev/video0", logger: logger) == 100)
        recovery.frameArrived(camera: "/dev/video0", logger: logger)
        #expect(
            newEntries().map(\.message) == [
                "camera lost; the stream pauses and viewers keep their sessions", "camera back; resuming with a keyframe",
            ])
    }

    @Test func aCameraThatIsThereButCannotStreamIsAnError() {
        let log = LogRecorder()
        var recovery = CameraRecovery(cameraKey: "camera.libcamera")
        _ = recovery.failed(Gone(), cameraGone: false, camera: "first camera", logger: log.logger)
        #expect(log.entries.map(\.level) == [.error])
        #expect(log.entries.map(\.message) == ["camera cannot stream; retrying"])
        #expect(log.entries.first?.metadata["camera.libcamera"] == "first camera")
    }
}
