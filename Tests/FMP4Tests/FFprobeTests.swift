import FMP4
import Foundation
import H264
import NIOCore
import ProcessTestSupport
import TestPattern
import Testing
import X264Encoder

/// An independent reader: ffprobe and ffmpeg open what the muxer made of real x264 access units, the way a
/// browser is sent them (one initialization segment, then one fragment per access unit), and decode every frame.
@Suite struct FFprobeTests {
    static let width = 320
    static let height = 240
    static let frames = 45

    /// Test-pattern frames through x264 at 30 fps, an IDR every 20 frames and one forced at frame 31, muxed.
    static func muxedStream(profile: EncoderSettings.Profile) throws -> (bytes: [UInt8], idrIndices: [Int]) {
        let settings = EncoderSettings(width: width, height: height, keyframeInterval: 20, profile: profile)
        let encoder = try X264Encoder(settings: settings)
        let renderer = TestPatternRenderer(width: width, height: height)
        var output = ByteBuffer()
        output.writeInitializationSegment(try FMP4VideoTrack(parameterSets: encoder.parameterSets))
        var timeline = FMP4Timeline(framesPerSecond: 30)
        var idrIndices: [Int] = []
        for index in 0..<frames {
            renderer.render(frameIndex: index)
            let planes = renderer.planes
            let picture = RawPicture(
                layout: .i420, planes: [planes.y, planes.u, planes.v], strides: [planes.strides.0, planes.strides.1, planes.strides.2])
            // 30 fps on a capture clock that starts far from zero, as CLOCK_MONOTONIC does.
            let captureTime = 7_000_000_000 + UInt64(index) * 1_000_000_000 / 30
            let unit = try #require(try encoder.encode(picture, captureTime: captureTime, forceIDR: index == 31))
            let sample = try #require(FMP4Sample(nalUnits: unit.nalUnits))
            #expect(sample.isSync == unit.isIDR)
            if unit.isIDR { idrIndices.append(index) }
            output.writeMediaSegment(timeline.fragment(captureTime: unit.captureTime), sample: sample)
        }
        return (output.bytes, idrIndices)
    }

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-fmp4-\(UUID().uuidString).mp4").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [EncoderSettings.Profile.baseline, .high])
    func ffprobeReadsTheStreamAndFFmpegDecodesEveryFrame(profile: EncoderSettings.Profile) async throws {
        let (bytes, idrIndices) = try Self.muxedStream(profile: profile)
        #expect(idrIndices.contains(31))
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let probe = try await Subprocess.run(
            "ffprobe",
            [
                "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames,r_frame_rate,time_base", "-of",
                "default=noprint_wrappers=1", path,
            ])
        #expect(probe.status == 0, "\(probe.stderr)")
        #expect(probe.stderr.isEmpty, "ffprobe complained: \(probe.stderr)")
        let fields = Dictionary(
            probe.stdoutText.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
        #expect(fields["codec_name"] == "h264")
        #expect(fields["width"] == "\(Self.width)")
        #expect(fields["height"] == "\(Self.height)")
        #expect(fields["nb_read_frames"] == "\(Self.frames)")
        #expect(fields["r_frame_rate"] == "30/1")
        #expect(fields["time_base"] == "1/90000")

        // Every frame decodes without a single complaint, and the key frames are where x264 put IDRs.
        let decode = try await Subprocess.run("ffmpeg", ["-v", "error", "-xerror", "-i", path, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        let keyframes = try await Subprocess.run(
            "ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", path])
        let keyIndices = keyframes.stdoutText.split(separator: "\n").enumerated().filter { $0.element.hasPrefix("K") }.map(\.offset)
        #expect(keyIndices == idrIndices)
    }
}
