import Foundation
import H264
import ProcessTestSupport
import TestPattern
import Testing
import Timecode
import X264Encoder

/// The strip survives the real encoder at the fewest bits per pixel the benchmark streams (1080p at 2000 kbit/s)
/// and a starved small stream, decoded by ffmpeg: every frame reads back its exact time.
@Suite struct EncodedTimecodeTests {
    @Test(arguments: [(1920, 1080, 2000), (320, 240, 100)])
    func everyFrameDecodedByFFmpegReadsBackExactly(width: Int, height: Int, bitrateKbps: Int) async throws {
        let frames = 45
        let settings = EncoderSettings(width: width, height: height, framesPerSecond: 30, bitrateKbps: bitrateKbps, keyframeInterval: 30)
        let encoder = try X264Encoder(settings: settings)
        let renderer = TestPatternRenderer(width: width, height: height)
        // 30 fps from just before the 2^22 ms wrap, so the low bits change every frame and the high ones at the wrap.
        let start: UInt64 = 4_194_304 * 400 - 700
        let times: [UInt64] = (0..<frames).map { start + UInt64($0) * 33 }
        var stream: [UInt8] = []
        for (index, milliseconds) in times.enumerated() {
            renderer.render(frameIndex: index)
            renderer.drawTimecode(milliseconds: milliseconds)
            let planes = renderer.planes
            let picture = RawPicture(
                layout: .i420, planes: [planes.y, planes.u, planes.v], strides: [planes.strides.0, planes.strides.1, planes.strides.2])
            let encoded = try encoder.encode(picture, captureTime: UInt64(index) * 33_333_333, forceIDR: false)
            let unit = try #require(encoded, "x264 held frame \(index) back")
            for nal in unit.nalUnits { stream += [0, 0, 0, 1] + Array(nal.readableBytesView) }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-timecode-\(UUID().uuidString).h264").path
        try Data(stream).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let decoded = try await Subprocess.run(
            "ffmpeg", ["-v", "error", "-f", "h264", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        let luma = [UInt8](decoded.stdout)
        try #require(luma.count == frames * width * height, "\(luma.count) bytes of luma")
        let read = (0..<frames).map { index in
            luma[(index * width * height)...].withUnsafeBytes { TimecodeStrip.read(luma: $0, stride: width) }
        }
        #expect(read == times.map { UInt32($0 % 4_194_304) })
        print(
            "timecode through x264 at \(width)x\(height), \(bitrateKbps) kbit/s: \(stream.count * 8 / 1000 * 30 / frames) kbit/s made, \(read.compactMap { $0 }.count) of \(frames) frames read"
        )
    }
}
