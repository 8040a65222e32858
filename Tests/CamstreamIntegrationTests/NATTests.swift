import Foundation
import ProcessTestSupport
import Testing

/// A camera behind a NAT router with port forwarding, a viewer outside: the case users hit when a camera
/// "connects but shows no picture". Played with ffmpeg over UDP through the router's public address and
/// forwarded ports, and over TCP; without public_address, UDP fails the way users see it, and
/// `camstream doctor` on the camera names the cause.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: NATTopology.isAvailable, "builds network namespaces: needs root and iproute2 (CI has both)"))
struct NATTests {
    static func config(publicAddress: String?) -> String {
        """
        server:
          rtsp_port: \(NATTopology.rtspPort)
          rtp_port_range: \(NATTopology.rtpPorts)
          max_viewers: 10
          public_address: \(publicAddress ?? "null")
        streams:
          cam: {source: test, width: 320, height: 240}

        """
    }

    static let url = "rtsp://\(NATTopology.publicAddress):\(NATTopology.rtspPort)/cam"

    /// ffmpeg on the viewer: 30 frames, or an error within 5 s of silence (`-timeout`).
    static func play(_ transport: String, on topology: NATTopology) async throws -> Subprocess.Result {
        try await topology.run(
            on: topology.viewer, "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-timeout", "5000000", "-rtsp_transport", transport, "-i", url,
             "-frames:v", "30", "-f", "framecrc", "-"])
    }

    @Test func withPublicAddressAViewerOutsidePlaysOverUDPAndTCP() async throws {
        try await NATTopology.with { topology in
            let directory = try TemporaryDirectory("nat-public")
            let file = try directory.write("camstream.yml", Self.config(publicAddress: NATTopology.publicAddress))
            let camstream = try await CamstreamProcess(
                arguments: ["--config", file], launcher: try topology.launcher(on: topology.camera))
            for transport in ["udp", "tcp"] {
                let result = try await Self.play(transport, on: topology)
                #expect(result.status == 0, "\(transport): \(result.stderr)")
                #expect(result.stderr.isEmpty, "\(transport): \(result.stderr)")
                #expect(framecrcFrameSizes(result.stdoutText).count == 30, "\(transport)")
            }
            #expect(camstream.lines.filter { $0.contains("viewer playing") && $0.contains("203.0.113.2") }.count == 2)
            #expect(await camstream.stop() == 0)
        }
    }

    @Test func withoutPublicAddressUDPConnectsButGetsNoPictureAndDoctorSaysWhy() async throws {
        try await NATTopology.with { topology in
            let directory = try TemporaryDirectory("nat-private")
            let file = try directory.write("camstream.yml", Self.config(publicAddress: nil))

            let doctor = try await topology.run(
                on: topology.camera, CamstreamProcess.executablePath, ["doctor", "--config", file])
            #expect(doctor.status == 0, "\(doctor.stderr)")
            let report = doctor.stdoutText
            #expect(report.contains("warning public_address is not set, and this machine's addresses are private (192.168.77.2)"))
            #expect(report.contains("they connect but see no picture."))
            #expect(report.contains("forward TCP 8554 to 192.168.77.2, same port (RTSP)"))
            #expect(report.contains("forward UDP 50000-50099 to 192.168.77.2, same ports"))
            #expect(report.contains("ffplay -rtsp_transport tcp rtsp://192.168.77.2:8554/cam"))

            let camstream = try await CamstreamProcess(
                arguments: ["--config", file], launcher: try topology.launcher(on: topology.camera))
            // The viewer's RTSP gets through the forwarded port and PLAY succeeds ...
            let udp = try await Self.play("udp", on: topology)
            #expect(camstream.lines.contains { $0.contains("viewer playing") && $0.contains("rtp.transport=udp ") && $0.contains("203.0.113.2:") })
            // ... but its NAT-opening packets went to 192.168.77.2, so the camera's UDP media is dropped: no picture.
            #expect(udp.status != 0)
            #expect(framecrcFrameSizes(udp.stdoutText).isEmpty)
            // TCP carries the video inside the RTSP connection and plays regardless.
            let tcp = try await Self.play("tcp", on: topology)
            #expect(tcp.status == 0, "\(tcp.stderr)")
            #expect(framecrcFrameSizes(tcp.stdoutText).count == 30)
            #expect(await camstream.stop() == 0)
        }
    }
}
