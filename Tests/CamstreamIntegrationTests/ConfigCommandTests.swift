import Foundation
import ProcessTestSupport
import Testing

/// The config through the real binary: errors before anything opens, check-config, and options that
/// override the file all the way to the decoded picture.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ConfigCommandTests {
    static let badConfig = """
        server:
          rtsp_prot: 8554
          rtp_port_range: 50000-50009
        streams:
          cam:
            fps: 500
            profile: hihg

        """

    static func expectedErrors(_ file: String) -> String {
        """
        \(file):2:3: error: server.rtsp_prot: unknown key; did you mean 'rtsp_port'?
        \(file):3:19: error: server.rtp_port_range: 50000-50009 holds 5 RTP/RTCP port pairs, fewer than max_viewers (100): each UDP viewer takes a pair; widen the range to at least 200 ports or lower max_viewers
        \(file):6:10: error: streams.cam.fps: expected frames per second from 1 to 240, got 500
        \(file):7:14: error: streams.cam.profile: expected baseline, main or high, got 'hihg'; did you mean 'high'?
        camstream: 4 errors in the configuration; nothing was started

        """
    }

    /// A config only its owner may read, read by another user: the person is told the system's reason. Run as
    /// `nobody` (setpriv) when the tests run as root, as in CI, where root would read it anyway.
    @Test func anUnreadableConfigSaysPermissionDenied() async throws {
        let directory = try TemporaryDirectory("unreadable-config")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.url.path)
        let file = try directory.write("camstream.yml", "log: {level: info}\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file)
        let command = [CamstreamProcess.executablePath, "check-config", "--config", file]
        let result =
            geteuid() == 0
            ? try await Subprocess.run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"] + command, timeout: .seconds(30))
            : try await Subprocess.run(command[0], Array(command.dropFirst()), timeout: .seconds(30))
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("\(file): error: cannot read: Permission denied\n"), "\(result.stderr)")
    }

    @Test(arguments: [["check-config"], ["serve"], []])
    func aBadConfigIsRefusedWithEveryErrorAndStatus78(command: [String]) async throws {
        let directory = try TemporaryDirectory("bad-config")
        let file = try directory.write("camstream.yml", Self.badConfig)
        let result = try await Subprocess.run(CamstreamProcess.executablePath, command + ["--config", file], timeout: .seconds(30))
        #expect(result.status == 78)
        #expect(result.stderr == Self.expectedErrors(file))
        #expect(result.stdoutText.isEmpty)
    }

    @Test func aMissingNamedConfigIsAnError() async throws {
        let result = try await Subprocess.run(CamstreamProcess.executablePath, ["check-config", "--config", "/nonexistent/camstream.yml"])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("/nonexistent/camstream.yml: error: no such file (named with --config)\n"))
    }

    @Test func checkConfigShowsTheFileWithOptionsApplied() async throws {
        let directory = try TemporaryDirectory("check-config")
        let file = try directory.write(
            "camstream.yml", "streams:\n  porch:\n    source: test\n    width: 640\n    height: 480\n    fps: 25\n    multicast: {group: 239.255.0.9}\n")
        let result = try await Subprocess.run(
            CamstreamProcess.executablePath, ["check-config", "--config", file, "--fps", "12", "--public-address", "cam.example.org"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("\(file): valid\n"))
        #expect(result.stdoutText.contains("  stream porch: source test, 640x480 at 12 fps, 2000 kbit/s, keyframe every 24 frames, baseline, ultrafast, multicast 239.255.0.9:5004 ttl 1\n"))
        #expect(result.stdoutText.contains("  public address: cam.example.org\n"))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func anOptionBreakingTheFilesRulesIsReportedAsTheOption() async throws {
        let directory = try TemporaryDirectory("bad-option")
        let file = try directory.write("camstream.yml", "streams:\n  cam:\n    source: test\n")
        let result = try await Subprocess.run(CamstreamProcess.executablePath, ["check-config", "--config", file, "--size", "321x240"])
        #expect(result.status == 78)
        #expect(
            result.stderr
                == "command line --size: error: streams.cam.width: expected an even width in pixels from 16 to 7680, got 321 (4:2:0 video needs even sizes)\ncamstream: 1 error in the configuration; nothing was started\n")
    }

    /// The file sets the size and profile; --size overrides the size only: ffprobe sees both.
    @Test func serveUsesTheFileAndOptionsOverrideIt() async throws {
        let directory = try TemporaryDirectory("serve-config")
        let file = try directory.write(
            "camstream.yml", "streams:\n  cam:\n    source: test\n    width: 640\n    height: 360\n    profile: high\nlog:\n  level: debug\n")
        let camstream = try await CamstreamProcess(["--config", file, "--size", "320x240"], rtpPorts: PortRanges.configOverride)
        #expect(camstream.lines.contains { $0.contains("config: \(file)") })
        let result = try await Subprocess.run(
            "ffprobe",
            ["-hide_banner", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0",
             "-show_entries", "stream=profile,width,height", "-of", "default=noprint_wrappers=1", camstream.url])
        #expect(result.status == 0, "ffprobe failed: \(result.stderr)")
        #expect(result.stdoutText == "profile=High\nwidth=320\nheight=240\n")
        // log.level debug from the file: RTSP requests are logged.
        #expect(camstream.lines.contains { $0.contains(" debug camstream.rtsp:") && $0.contains("rtsp.method=DESCRIBE") })
        #expect(await camstream.stop() == 0)
    }

    /// The per-address connection limit is the config's, so a recorder or proxy that needs more can have it.
    @Test func theConnectionLimitPerAddressComesFromTheConfig() async throws {
        let directory = try TemporaryDirectory("per-address")
        let file = try directory.write(
            "camstream.yml", "server:\n  max_connections_per_address: 1\nstreams:\n  cam:\n    source: test\n    width: 320\n    height: 240\n")
        let camstream = try await CamstreamProcess(["--config", file], rtpPorts: PortRanges.connectionLimit)
        try await RTSPTestClient.withConnection(port: camstream.port) { first in
            #expect(try await first.request(.options).status == .ok)
            let refusal = try await RTSPTestClient.withConnection(port: camstream.port) { second in
                try await second.unaskedResponse()
            }
            #expect(refusal?.status == .serviceUnavailable)
            #expect(try await first.request(.options).status == .ok, "the first connection is still served")
        }
        // The refusal reaches the client before its log line reaches the test: wait for the line.
        let refused = await camstream.waitForLine(containing: "127.0.0.1 has its maximum of 1 connections")
        #expect(refused != nil, "\(camstream.lines)")
        #expect(await camstream.stop() == 0)
    }
}
