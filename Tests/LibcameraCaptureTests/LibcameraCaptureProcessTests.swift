import Glibc
import LibcameraCapture
import Testing

/// `LibcameraCaptureProcess` starting the real `camstream libcamera-capture` (this machine has no
/// camera: the VM's vimc checks stream through it), and children that fail before opening one.
@Suite struct LibcameraCaptureProcessTests {
    static let settings = LibcameraStreamSettings(width: 320, height: 240, framesPerSecond: 15)

    /// The camstream SwiftPM built next to this test bundle.
    static var camstream: String {
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        var directory = String(decoding: path.prefix(max(length, 0)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Linux runs `<products>/camstreamPackageTests.xctest`: the binary is beside it.
        while let slash = directory.lastIndex(of: "/") {
            directory = String(directory[..<slash])
            if !directory.hasSuffix(".xctest") { break }
        }
        return directory + "/camstream"
    }

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
