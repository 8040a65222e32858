import Testing

@testable import LibcameraCapture

/// The messages between camstream and its libcamera capture process, byte for byte.
@Suite struct CaptureProcessMessageTests {
    @Test func aReleaseIsItsKindAndTheBufferLittleEndian() {
        #expect(CaptureProcessMessage.release(buffer: 3).encoded == [4, 3, 0, 0, 0])
        #expect(CaptureProcessMessage(decoding: [4, 0x01, 0x02, 0, 0]) == .release(buffer: 0x0201))
    }

    @Test func aFrameCarriesItsTimestampSequencePlanesAndFirstMetadata() {
        let frame = CaptureProcessMessage.frame(
            .init(buffer: 2, sensorTimestamp: 0x0102_0304_0506_0708, sequence: 9, skipped: 1, planeLengths: [124_416], metadata: ["A=1"]))
        let expected: [UInt8] =
            [2, 2, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 9, 0, 0, 0, 1, 0, 0, 0]
            + [1, 0, 0, 0, 0x00, 0xE6, 0x01, 0x00]  // one plane of 124416 bytes
            + [1, 0, 0, 0, 3, 0, 0, 0] + Array("A=1".utf8)
        #expect(frame.encoded == expected)
        #expect(CaptureProcessMessage(decoding: expected) == frame)
    }

    @Test func anOpenedCameraRoundTrips() {
        let opened = CaptureProcessMessage.opened(
            .init(
                cameraID: "platform/vimc.0 Sensor B", model: "Sensor B", width: 384, height: 216,
                fourcc: LibcameraPixelFormat.rgb888.fourcc,
                stride: 1152, buffers: (0..<4).map { [.init(descriptor: $0, offset: 0, length: 248_832)] },
                controls: [.init(name: "Brightness", value: "0.500000")]))
        #expect(CaptureProcessMessage(decoding: opened.encoded) == opened)
    }

    @Test(arguments: [
        LibcameraError.managerFailed("no manager"), .noCamera(selector: "libcamera:7", available: ["0: a (A)", "1: b (B)"]),
        .noCamera(selector: "libcamera", available: []), .openFailed(camera: "a", reason: "size"), .control(camera: "a", reason: "name"),
        .gone(camera: "a", reason: "gone"), .pipeline(camera: "a", reason: "cancelled"),
    ])
    func everyErrorCrossesAsItself(_ error: LibcameraError) {
        #expect(CaptureProcessMessage(decoding: CaptureProcessMessage.failed(error).encoded) == .failed(error))
    }

    @Test(
        arguments: [
            [], [0], [9, 0, 0, 0, 0], [4, 1, 0, 0],  // nothing, no kind, an unknown kind, a short field
            [4, 1, 0, 0, 0, 0],  // one byte too many
            [3, 7, 0, 0, 0, 0],  // an unknown error
            [3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 65],  // openFailed needs two texts
            [3, 1, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F],  // a text longer than the message
            [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0],  // four planes
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 33, 0, 0, 0],  // 33 buffers
        ] as [[UInt8]])
    func anythingElseIsRefused(_ bytes: [UInt8]) {
        #expect(CaptureProcessMessage(decoding: bytes) == nil)
    }

    @Test func controlsComeInNameValuePairs() {
        var bytes = CaptureProcessMessage.opened(
            .init(cameraID: "a", model: "b", width: 2, height: 2, fourcc: 0, stride: 2, buffers: [], controls: [])
        ).encoded
        bytes.removeLast(4)
        bytes += [1, 0, 0, 0, 1, 0, 0, 0, 65]  // one string: a name without its value
        #expect(CaptureProcessMessage(decoding: bytes) == nil)
    }
}
