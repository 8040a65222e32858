import Foundation
import ProcessTestSupport
import RTCP
import Testing

/// The real libx264 failing inside the running camstream: fault injection at the C ABI, as servers that
/// are trusted test theirs. `Faults/x264-fails-on-cue.c`, preloaded, passes every x264_encoder_encode call
/// through to libx264 until the test gives the cue, then returns -1 as libx264 does when it cannot encode.
extension FaultTests {
    @Test func anEncoderFailureEndsTheStreamWithByeOneClearLineAndANonZeroExit() async throws {
        let directory = try TemporaryDirectory("encoder-fault")
        let injector = try await Self.compileEncoderFaultInjector(into: directory)
        let cue = directory.path("fail-now")
        let counts = directory.path("encode-counts")
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240", "--fps", "30"], rtpPorts: PortRanges.encoderFault,
            environment: ["LD_PRELOAD": injector, "CAMSTREAM_FAULT_X264_WHEN": cue, "CAMSTREAM_FAULT_X264_COUNTS": counts])

        let goodbye = try await RTSPTestClient.withConnection(port: camstream.port) { viewer in
            var stream = try PacketStream(rtpInfo: try await viewer.playInterleaved())
            // A second of real video first: the viewer is watching when the encoder fails.
            let watched = try await stream.readAccessUnits(30, from: &viewer)
            #expect(watched.first?.startsDecoding == true)
            #expect(stream.sequenceGaps == 0)
            #expect(FileManager.default.createFile(atPath: cue, contents: nil))
            // RTCP on channel 1 until the BYE; the connection closing first throws, failing the test.
            while true {
                let frame = try await viewer.nextFrame(channel: 1)
                for case .goodbye(let goodbye) in try RTCPCompoundPacket.parse(frame.payload) { return goodbye }
            }
        }
        #expect(goodbye.reason == "encoder failed")

        // No signal from the test: camstream ends itself, non-zero, so systemd restarts it.
        let exit = try #require(await camstream.waitForExit(timeout: .seconds(20)), "camstream still runs after its only stream ended")
        #expect(exit.status != 0)
        #expect(!exit.signalled, "camstream died of signal \(exit.status)")

        let lines = camstream.lines
        let log = lines.joined(separator: "\n")
        // One line says what failed, where and with what, at error level; every later line names only its effect.
        let failures = lines.filter { $0.contains("x264_encoder_encode returned -1") }
        #expect(failures.count == 1, "log:\n\(log)")
        let failure = try #require(failures.first)
        #expect(failure.contains(" error camstream.capture:"), "\(failure)")
        #expect(failure.contains("stream.path=cam"), "\(failure)")
        #expect(failure.contains("encoder failed"), "\(failure)")
        // The exit is said once, by the server, not again by the argument parser.
        let exits = lines.filter { $0.contains("every stream has ended") }
        #expect(exits.count == 1 && exits.allSatisfy { $0.contains("every stream has ended (stream 'cam': encoder failed)") }, "log:\n\(log)")
        for crash in ["Fatal error", "Current stack trace", "Sanitizer", "backtrace"] {
            #expect(!log.contains(crash), "log:\n\(log)")
        }

        // libx264 really encoded the frames watched, and camstream never called the failed encoder again.
        let written = try String(contentsOfFile: counts, encoding: .utf8)
        let numbers = written.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(numbers.count == 2, "\(counts): \(written)")
        let (passed, failed) = (numbers.first ?? 0, numbers.last ?? 0)
        #expect(passed >= 30)
        #expect(failed == 1)
        #expect(failure.contains("encoder.frames_encoded=\(passed)"), "\(failure)")
    }

    /// Builds the preload with the C compiler CI installs (gcc, as `cc`), into the test's own directory.
    static func compileEncoderFaultInjector(into directory: TemporaryDirectory) async throws -> String {
        let library = directory.path("x264-fails-on-cue.so")
        let result = try await Subprocess.run(
            "cc",
            [
                "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", library,
                Repository.path("Tests/CamstreamIntegrationTests/Faults/x264-fails-on-cue.c"), "-ldl",
            ],
            timeout: .seconds(60))
        try #require(result.status == 0 && !result.timedOut, "cc: \(result.stderr)")
        return library
    }
}
