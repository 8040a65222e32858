import LibcameraCapture
import ProcessTestSupport
import Testing

/// `LibcameraCaptureProcess` starting the real `camstream libcamera-capture` (this machine has no
/// camera: the VM's vimc checks stream through it), and children that fail before opening one.
@Suite struct LibcameraCaptureProcessTests {
    static let settings = LibcameraStreamSettings(width: 320, height: 240, framesPerSecond: 15)

    static var camstream: String { BuiltProducts.camstream }

    @Test func aCameraLibcameraDoesNotHaveComesBackAsTheChildsOwnError() throws {
        #expect(throws: LibcameraError.noCamera(selector: "libcamera:no such camera", available: [])) {
            try LibcameraCaptureProcess(executable: Self.camstream, camera: .id("no such camera"), settings: Self.settings, controls: [])
        }
    }

    @Test func aChildThatExitsBeforeOpeningIsACameraGoneWithItsStatus() throws {
        #expect(
            throws: LibcameraError.gone(camera: "libcamera", reason: "the capture process exited with status 1 before opening the camera")
        ) {
            try LibcameraCaptureProcess(executable: "/bin/false", camera: .first, settings: Self.settings, controls: [])
        }
    }

    @Test func aChildThatCannotStartSaysWhy() throws {
        #expect(
            throws: LibcameraError.managerFailed(
                "cannot start the libcamera capture process (/nonexistent/camstream): No such file or directory")
        ) {
            try LibcameraCaptureProcess(executable: "/nonexistent/camstream", camera: .first, settings: Self.settings, controls: [])
        }
    }
}
