import H264
import NIOCore
import TestPattern
import Testing
import X264Encoder

@Suite struct X264EncoderTests {
    /// Encodes `count` test-pattern frames, forcing an IDR at the given indices.
    func encode(_ settings: EncoderSettings, frames count: Int, forceIDRAt forced: Set<Int> = []) throws -> [AccessUnit] {
        let encoder = try X264Encoder(settings: settings)
        let renderer = TestPatternRenderer(width: settings.width, height: settings.height)
        var units: [AccessUnit] = []
        for index in 0..<count {
            renderer.render(frameIndex: index)
            let planes = renderer.planes
            let picture = RawPicture(layout: .i420, planes: [planes.y, planes.u, planes.v], strides: [planes.strides.0, planes.strides.1, planes.strides.2])
            // zerolatency: every frame comes out of the call that put it in, none are held back.
            let unit = try #require(try encoder.encode(picture, captureTime: UInt64(index) * 1000, forceIDR: forced.contains(index)))
            units.append(unit)
        }
        return units
    }

    @Test func parameterSetsDescribeTheConfiguredStream() throws {
        let baseline = try X264Encoder(settings: EncoderSettings(width: 320, height: 240, profile: .baseline))
        let sps = try SequenceParameterSet(nalUnit: baseline.parameterSets.sps)
        #expect(sps.width == 320)
        #expect(sps.height == 240)
        #expect(sps.profileIDC == 66)
        #expect(baseline.parameterSets.profileLevelID?.hasPrefix("42") == true)

        let high = try X264Encoder(settings: EncoderSettings(width: 1280, height: 720, profile: .high))
        let highSPS = try SequenceParameterSet(nalUnit: high.parameterSets.sps)
        #expect(highSPS.profileIDC == 100)
        #expect(highSPS.width == 1280)
        #expect(highSPS.height == 720)
    }

    @Test func firstFrameIsADecodableIDRAndTheRestArePFrames() throws {
        let units = try encode(EncoderSettings(width: 320, height: 240, keyframeInterval: 300), frames: 10)
        #expect(units[0].startsDecoding)
        #expect(units.dropFirst().allSatisfy { !$0.isIDR })
        // No B-frames: slices are P (or I), and each frame's capture time comes back with it, in order.
        #expect(units.map(\.captureTime) == (0..<10).map { UInt64($0) * 1000 })
    }

    @Test func forcedIDRCarriesSPSAndPPS() throws {
        let units = try encode(EncoderSettings(width: 320, height: 240, keyframeInterval: 300), frames: 12, forceIDRAt: [7])
        #expect(units[7].startsDecoding)
        #expect(units.indices.filter { units[$0].isIDR } == [0, 7])
    }

    @Test func scheduledKeyframesFollowTheInterval() throws {
        let units = try encode(EncoderSettings(width: 320, height: 240, keyframeInterval: 5), frames: 16)
        #expect(units.indices.filter { units[$0].startsDecoding } == [0, 5, 10, 15])
    }

    @Test func invalidSettingsAreRejectedWithTheReason() {
        #expect(throws: X264EncoderError.unknownPreset("turbo")) {
            try X264Encoder(settings: EncoderSettings(width: 320, height: 240, preset: "turbo"))
        }
        #expect(throws: X264EncoderError.self) {
            try X264Encoder(settings: EncoderSettings(width: 321, height: 240))
        }
        #expect(throws: X264EncoderError.self) {
            try X264Encoder(settings: EncoderSettings(width: 320, height: 240, bitrateKbps: 0))
        }
    }

    @Test func wrongPlaneCountIsAnErrorNotACrash() throws {
        let encoder = try X264Encoder(settings: EncoderSettings(width: 320, height: 240))
        let renderer = TestPatternRenderer(width: 320, height: 240)
        let picture = RawPicture(layout: .nv12, planes: [renderer.planes.y], strides: [320])
        #expect(throws: X264EncoderError.pictureLayoutMismatch(expected: 3, got: 1)) {
            try encoder.encode(picture, captureTime: 0, forceIDR: false)
        }
    }
}
