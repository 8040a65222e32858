import Foundation
import NIOCore
import NIOPosix
import ProcessTestSupport
import Testing

/// Local faults end the process with a non-zero status and one clear line, so systemd restarts it and a
/// person reading the journal knows why.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FaultTests {
    @Test func aPortInUseIsOneClearErrorAndANonZeroExit() async throws {
        let squatter = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "0.0.0.0", port: 0).get()
        let port = try #require(squatter.localAddress?.port)
        let result = try await Subprocess.run(
            CamstreamProcess.executablePath,
            ["--source", "test", "--size", "320x240", "--max-viewers", "10", "--port", "\(port)", "--http-port", "0", "--rtp-ports", "\(PortRanges.faults.lowerBound)-\(PortRanges.faults.upperBound)"],
            timeout: .seconds(30))
        try await squatter.close()
        #expect(!result.timedOut)
        #expect(result.status != 0)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("cannot listen on port \(port)") }
        #expect(errors.count == 1, "stderr: \(result.stderr)")
    }

    @Test func aBadOptionIsNamedAndNothingStarts() async throws {
        let result = try await Subprocess.run(CamstreamProcess.executablePath, ["--size", "1280by720"], timeout: .seconds(30))
        #expect(result.status != 0)
        #expect(result.stderr.contains("--size"))
        #expect(!result.stderr.contains("listening"))
    }
}
