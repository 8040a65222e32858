import Foundation
import ProcessTestSupport
import Testing

/// Real clients' RTCP receiver reports reach the per-viewer statistics, which camstream logs when the viewer
/// leaves: loss, jitter and round-trip time as the client measured them.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReceiverReportTests {
    /// The metadata value of `key` in a log line (`key=value`).
    static func value(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    static func expectReports(in line: String?, client: String) throws {
        let line = try #require(line, "\(client): no 'viewer left' line")
        let reports = Int(Self.value("viewer.receiver_reports", in: line) ?? "") ?? 0
        #expect(reports >= 1, "\(client) sent no receiver report: \(line)")
        #expect(Self.value("viewer.fraction_lost", in: line) == "0.0", "\(client): \(line)")
        // The client's own count: on loopback nothing is lost, though GStreamer may count one duplicate (−1).
        #expect((Int(Self.value("viewer.cumulative_lost", in: line) ?? "") ?? 1) <= 0, "\(client): \(line)")
        #expect(Self.value("viewer.jitter_ms", in: line) != nil, "\(client): \(line)")
        #expect(Self.value("viewer.rtt_ms", in: line) != nil, "\(client) echoed no sender report: \(line)")
    }

    /// ffmpeg reports once per 280 000 octets received (`rtcp_bytes` in libavformat/rtpdec.c: octets × 5/1000
    /// / 50 ≥ 28), so the picture is large and busy enough for that within eight seconds: 720p at 8 Mbit/s.
    @Test func ffmpegReportsOverUDP() async throws {
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "1280x720", "--bitrate", "8000"], rtpPorts: PortRanges.receiverReportsFFmpeg)
        let result = try await Subprocess.run(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "udp", "-i", camstream.url, "-frames:v", "240", "-f", "null",
                "-",
            ])
        #expect(result.status == 0, "ffmpeg failed: \(result.stderr)")
        try Self.expectReports(in: await camstream.waitForLine(containing: "viewer left"), client: "ffmpeg")
        #expect(await camstream.stop() == 0)
    }

    /// GStreamer's rtpbin reports at RFC 3550's interval: seven seconds is past the first one (at most
    /// 2.5 s × 1.5 / 1.22 ≈ 3.1 s).
    @Test func gstreamerReportsOverUDPAndTCP() async throws {
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "160x120"], rtpPorts: PortRanges.receiverReportsGStreamer)
        for (index, protocols) in ["udp", "tcp"].enumerated() {
            let result = try await Subprocess.run(
                "gst-launch-1.0",
                [
                    "-q", "rtspsrc", "location=\(camstream.url)", "protocols=\(protocols)", "latency=0", "!", "rtph264depay", "!",
                    "avdec_h264",
                    "!", "identity", "eos-after=211", "!", "fakesink",
                ])
            #expect(gstreamerEndedWell(result), "gst-launch failed: \(result.stderr)\ncamstream: \(camstream.lines.suffix(15).joined(separator: "\n"))")
            let lines = await camstream.waitForLines(containing: "viewer left", count: index + 1)
            try Self.expectReports(in: lines.count > index ? lines[index] : nil, client: "GStreamer \(protocols)")
        }
        #expect(await camstream.stop() == 0)
    }
}
