import Foundation
import ProcessTestSupport
import Testing

/// `camstream doctor` next to a running camstream: the ports it holds are camstream's own, not a problem.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DoctorCommandTests {
    @Test func aRunningCamstreamIsRecognisedOnItsPort() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.doctor)
        let ports = "\(PortRanges.doctor.lowerBound)-\(PortRanges.doctor.upperBound)"
        let result = try await Subprocess.run(
            CamstreamProcess.executablePath, ["doctor", "--port", "\(camstream.port)", "--rtp-ports", ports, "--max-viewers", "10"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderr)")
        #expect(result.stdoutText.contains("  ok      TCP \(camstream.port) (RTSP): camstream is running and answering on it\n"))
        #expect(result.stdoutText.contains("  ok      UDP \(ports) (RTP/RTCP): all 100 ports free, 50 pairs for max_viewers 10\n"))
        #expect(result.stdoutText.contains("\n0 problems, "))
        #expect(await camstream.stop() == 0)
    }
}
