import LibcameraCapture
import Testing

/// `--source libcamera…` as the command line and the config give it.
@Suite struct LibcameraCameraSelectorTests {
    @Test(arguments: [
        ("libcamera", LibcameraCameraSelector.first),
        ("libcamera:0", .index(0)),
        ("libcamera:12", .index(12)),
        ("libcamera:platform/vimc.0 Sensor B", .id("platform/vimc.0 Sensor B")),
        ("libcamera:/base/soc/i2c0mux/i2c@1/imx708@1a", .id("/base/soc/i2c0mux/i2c@1/imx708@1a")),
        // An index beyond any board's cameras is taken as an id, which then names no camera.
        ("libcamera:99999999999999999999", .id("99999999999999999999")),
    ])
    func parses(source: String, expected: LibcameraCameraSelector) {
        #expect(LibcameraCameraSelector(source: source) == expected)
        #expect(LibcameraCameraSelector(source: source)?.description == source)
    }

    @Test(arguments: ["auto", "test", "/dev/video0", "libcamera:", "libcameras", "libcamera0"])
    func otherSourcesAreNotLibcamera(source: String) {
        #expect(LibcameraCameraSelector(source: source) == nil)
    }

    @Test func aMissingCameraListsThoseThereAre() {
        let error = LibcameraError.noCamera(selector: "libcamera:2", available: ["0: platform/vimc.0 Sensor B (Sensor B)"])
        #expect(error.description == "libcamera has no camera libcamera:2; it has: 0: platform/vimc.0 Sensor B (Sensor B)")
        #expect(LibcameraError.noCamera(selector: "libcamera", available: []).description == "libcamera finds no camera (asked for libcamera)")
    }
}
