import Testing

@testable import StreamerConfig

/// `source: libcamera` in its three spellings, and controls under libcamera's CamelCase names.
@Suite struct LibcameraSourceConfigTests {
    @Test(arguments: [
        ("libcamera", VideoSourceSetting.libcamera(camera: nil)),
        ("libcamera:1", .libcamera(camera: "1")),
        ("'libcamera:/base/soc/i2c0mux/i2c@1/imx708@1a'", .libcamera(camera: "/base/soc/i2c0mux/i2c@1/imx708@1a")),
        ("'libcamera:platform/vimc.0 Sensor B'", .libcamera(camera: "platform/vimc.0 Sensor B")),
    ])
    func sourceSpellings(written: String, expected: VideoSourceSetting) throws {
        let config = try ConfigLoader.decode(text: "streams:\n  cam:\n    source: \(written)\n", path: "lc.yml").config
        #expect(config.streams.first?.source == expected)
        #expect(config.streams.first?.source.description == String(written.filter { $0 != "'" }))
    }

    @Test func libcameraControlsKeepTheirNamesAndOrder() throws {
        let text = "streams:\n  cam:\n    source: libcamera\n    controls:\n      AfMode: 2\n      LensPosition: 0.5\n      AeEnable: false\n"
        let config = try ConfigLoader.decode(text: text, path: "lc.yml").config
        #expect(config.streams.first?.controls.map(\.name) == ["AfMode", "LensPosition", "AeEnable"])
        #expect(config.streams.first?.controls.map(\.value) == ["2", "0.5", "false"])
    }

    @Test func orientationForALibcameraCamera() throws {
        let text = "streams:\n  cam:\n    source: libcamera\n    rotation: 180\n    hflip: true\n    vflip: false\n"
        let stream = try #require(try ConfigLoader.decode(text: text, path: "lc.yml").config.streams.first)
        #expect(stream.rotation == 180)
        #expect(stream.hflip)
        #expect(!stream.vflip)
    }
}
