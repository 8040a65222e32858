import Foundation
import ProcessTestSupport
import Testing

/// Multicast with real clients, inside a network namespace of the test's own whose loopback carries the group
/// (multicast on the host's loopback would need its routes changed, and anywhere else would leave the machine).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MulticastPlaybackTests {
    static let group = "239.255.42.1"
    static let arguments = [
        "--source", "test", "--size", "320x240", "--multicast-group", group, "--multicast-port", "5004", "--multicast-ttl", "3",
    ]

    /// ffmpeg `-rtsp_transport udp_multicast` decodes sixty frames, and the SETUP answer it logs (at trace
    /// level, every header line it reads) names the group exactly.
    @Test func ffmpegDecodesTheMulticastGroup() async throws {
        try await NetworkNamespace.with("mcast-ffmpeg") { namespace in
            let camstream = try await CamstreamProcess(Self.arguments, rtpPorts: PortRanges.multicast, namespace: namespace)
            let command = namespace.command(
                [
                    "ffmpeg", "-hide_banner", "-nostdin", "-v", "trace", "-rtsp_transport", "udp_multicast", "-i", camstream.url,
                    "-frames:v", "60", "-f", "framecrc", "-",
                ])
            let result = try await Subprocess.run(command[0], Array(command.dropFirst()))
            #expect(result.status == 0, "ffmpeg failed: \(result.stderr.suffix(2000))")
            #expect(framecrcFrameSizes(result.stdoutText).count == 60)
            let transport = result.stderr.split(separator: "\n").first { $0.contains("line='Transport:") }
            let ssrc = try #require(transport?.split(separator: "ssrc=").last?.prefix(8))
            #expect(
                transport?.hasSuffix("line='Transport: RTP/AVP;multicast;destination=\(Self.group);ttl=3;port=5004-5005;ssrc=\(ssrc)'")
                    == true, "\(transport ?? "no Transport line")")
            #expect(await camstream.stop() == 0)
        }
    }

    /// GStreamer decodes seven seconds of the group, and its receiver reports, which it sends to the group's
    /// RTCP port, are credited to its session.
    @Test func gstreamerDecodesTheMulticastGroupAndItsReportsReachUs() async throws {
        try await NetworkNamespace.with("mcast-gst") { namespace in
            let camstream = try await CamstreamProcess(Self.arguments, rtpPorts: PortRanges.multicast, namespace: namespace)
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-gst-mcast-\(getpid()).yuv")
            defer { try? FileManager.default.removeItem(at: output) }
            let command = namespace.command(
                [
                    "gst-launch-1.0", "-q", "rtspsrc", "location=\(camstream.url)", "protocols=udp-mcast", "latency=0",
                    "!", "rtph264depay", "!", "avdec_h264", "!", "video/x-raw,format=I420",
                    "!", "identity", "eos-after=211", "!", "filesink", "location=\(output.path)",
                ])
            let result = try await Subprocess.run(command[0], Array(command.dropFirst()))
            #expect(gstreamerEndedWell(result), "gst-launch failed: \(result.stderr)\ncamstream: \(camstream.lines.suffix(12).joined(separator: "\n"))")
            let bytes = try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int
            #expect(bytes == 210 * i420FrameBytes(width: 320, height: 240))
            let left = try #require(await camstream.waitForLine(containing: "viewer left"))
            #expect((Int(ReceiverReportTests.value("viewer.receiver_reports", in: left) ?? "") ?? 0) >= 1, "\(left)")
            #expect(camstream.lines.contains { $0.contains("viewer playing") && $0.contains("multicast \(Self.group):5004-5005") })
            #expect(await camstream.stop() == 0)
        }
    }

    /// Two viewers at once share one group sender: both decode, the group is opened once, and each is credited
    /// with the same packets, sent once.
    @Test func twoMulticastViewersShareOneSend() async throws {
        try await NetworkNamespace.with("mcast-two") { namespace in
            let camstream = try await CamstreamProcess(Self.arguments, rtpPorts: PortRanges.multicast, namespace: namespace)
            let command = namespace.command(
                [
                    "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "udp_multicast", "-i", camstream.url,
                    "-frames:v", "90", "-f", "framecrc", "-",
                ])
            async let first = Subprocess.run(command[0], Array(command.dropFirst()))
            async let second = Subprocess.run(command[0], Array(command.dropFirst()))
            let (one, two) = try await (first, second)
            #expect(framecrcFrameSizes(one.stdoutText).count == 90, "first viewer: \(one.stderr)")
            #expect(framecrcFrameSizes(two.stdoutText).count == 90, "second viewer: \(two.stderr)")
            #expect(camstream.lines.filter { $0.contains("multicast group opened") }.count == 1)
            #expect(await camstream.waitForLines(containing: "viewer left", count: 2).count == 2)
            #expect(await camstream.stop() == 0)
        }
    }

    /// A sub-stream has a group of its own: ffmpeg decodes it from that group at the sub-stream's size, and the
    /// SETUP answer names the sub-stream's group, not the main stream's.
    @Test func aSubstreamIsMulticastToItsOwnGroup() async throws {
        try await NetworkNamespace.with("mcast-sub") { namespace in
            let directory = try TemporaryDirectory("mcast-sub")
            let file = try directory.write(
                "camstream.yml",
                """
                streams:
                  cam:
                    source: test
                    width: 320
                    height: 240
                    multicast: {group: \(Self.group), port: 5004}
                    substream: {width: 160, height: 120, multicast: {group: 239.255.42.2, port: 5006}}
                """)
            let camstream = try await CamstreamProcess(["--config", file], rtpPorts: PortRanges.multicast, namespace: namespace)
            let command = namespace.command(
                [
                    "ffmpeg", "-hide_banner", "-nostdin", "-v", "trace", "-rtsp_transport", "udp_multicast", "-i", camstream.url + "/sub",
                    "-frames:v", "30", "-f", "framecrc", "-",
                ])
            let result = try await Subprocess.run(command[0], Array(command.dropFirst()))
            #expect(result.status == 0, "ffmpeg failed: \(result.stderr.suffix(2000))")
            #expect(
                framecrcFrameSizes(result.stdoutText) == Array(repeating: i420FrameBytes(width: 160, height: 120), count: 30),
                "\(result.stderr.suffix(2000))")
            let transport = result.stderr.split(separator: "\n").first { $0.contains("line='Transport:") }
            #expect(transport?.contains("multicast;destination=239.255.42.2;") == true, "\(transport ?? "no Transport line")")
            #expect(transport?.contains("port=5006-5007") == true, "\(transport ?? "no Transport line")")
            #expect(await camstream.stop() == 0)
            _ = directory
        }
    }
}
