import Foundation
import ProcessTestSupport
import Testing

/// camstream publishes to real relays (RTSP RECORD): ffmpeg in listen mode and gst-rtsp-server in RECORD
/// mode decode what it pushes; wrong credentials are one error line and a backoff; a relay that restarts gets
/// the stream back from an IDR; a relay that stops reading costs the camera's own viewers nothing.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PushTests {
    /// `ffmpeg -rtsp_flags listen` receives the push and decodes 60 frames of the configured size with nothing
    /// on stderr at `-v error`: no decoder errors, no missing references, so the first frame was an IDR.
    @Test(arguments: [("tcp", PortRanges.pushFFmpegTCP), ("udp", PortRanges.pushFFmpegUDP)])
    func ffmpegRelayDecodesSixtyFrames(transport: String, ports: ClosedRange<Int>) async throws {
        let port = try freeLoopbackPort()
        let relayURL = "rtsp://127.0.0.1:\(port)/x"
        async let relay = Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_flags", "listen", "-i", relayURL, "-frames:v", "60", "-f", "framecrc", "-"],
            timeout: .seconds(60))
        let directory = try TemporaryDirectory("push-ffmpeg")
        let config = try directory.write(
            "camstream.yml",
            """
            streams:
              cam:
                push:
                  - url: \(relayURL)
                    transport: \(transport)
            """)
        let camstream = try await CamstreamProcess(["--config", config, "--source", "test", "--size", "320x240"], rtpPorts: ports)
        let result = try await relay
        #expect(!result.timedOut)
        #expect(result.status == 0, "ffmpeg failed: \(result.stderr)")
        #expect(result.stderr.isEmpty, "ffmpeg reported errors: \(result.stderr)")
        let sizes = framecrcFrameSizes(result.stdoutText)
        #expect(sizes.count == 60)
        #expect(sizes.allSatisfy { $0 == i420FrameBytes(width: 320, height: 240) })
        #expect(
            camstream.lines.contains { $0.contains("publishing to relay") && $0.contains("push \(transport == "tcp" ? "tcp" : "udp")") })
        #expect(await camstream.stop() == 0)
    }

    /// gst-rtsp-server with Digest: the right password (read from a password_file) is let in and the relay
    /// decodes frames from a keyframe on; a wrong one is refused, said once in camstream's log, and retried with
    /// a growing wait, not in a loop.
    @Test func gstRTSPServerWithDigest() async throws {
        let relay = try await RelayProcess(
            script: "gst_record_relay.py", arguments: [String(try freeLoopbackPort()), "garden", "cam", "s3cret"])
        let directory = try TemporaryDirectory("push-digest")
        let passwordFile = try directory.write("relay-password", "s3cret\n")
        let config = try directory.write(
            "camstream.yml",
            """
            streams:
              cam:
                push:
                  - url: rtsp://127.0.0.1:\(relay.port)/garden
                    user: cam
                    password_file: \(passwordFile)
            """)
        let camstream = try await CamstreamProcess(
            ["--config", config, "--source", "test", "--size", "320x240"], rtpPorts: PortRanges.pushDigest)
        let decoded = await relay.waitForLine(containing: "decoded 30 ", timeout: .seconds(30))
        #expect(decoded == "decoded 30 320x240", "relay output: \(relay.lines)")
        #expect(relay.lines.first { $0.hasPrefix("first-buffer") } == "first-buffer keyframe=True")
        #expect(!relay.lines.contains { $0.hasPrefix("error") }, "relay output: \(relay.lines)")
        #expect(await camstream.waitForLine(containing: "publishing to relay") != nil)
        #expect(await camstream.stop() == 0)
        // TEARDOWN at shutdown, and the figures of the push in the last line about it.
        #expect(camstream.lines.contains { $0.contains("push stopped") && $0.contains("push.access_units_sent=") })

        let wrong = try directory.write(
            "wrong.yml",
            """
            streams:
              cam:
                push: rtsp://cam:wr0ngpass@127.0.0.1:\(relay.port)/garden
            """)
        let connectionsBefore = relay.lines.filter { $0 == "client connected" }.count
        let refused = try await CamstreamProcess(
            ["--config", wrong, "--source", "test", "--size", "320x240"], rtpPorts: PortRanges.pushDigest)
        let clock = ContinuousClock()
        #expect(await relay.waitForLines(containing: "client connected", count: connectionsBefore + 1).count > connectionsBefore)
        let firstAttempt = clock.now
        let attempts = await relay.waitForLines(containing: "client connected", count: connectionsBefore + 4, timeout: .seconds(20))
        let elapsed = clock.now - firstAttempt
        #expect(attempts.count == connectionsBefore + 4)
        // Waits of 0.5, 1 and 2 s between the four attempts: at least 3.5 s, where a loop would take milliseconds.
        #expect(elapsed >= .seconds(3), "four attempts within \(elapsed)")
        let failures = refused.lines.filter { $0.contains("push to relay failed") }
        #expect(failures.count == 1, "\(failures)")
        #expect(failures.first?.contains("the relay refused the credentials of user 'cam'") == true, "\(failures)")
        #expect(!refused.lines.contains { $0.contains("wr0ngpass") }, "the password appeared in the log")
        #expect(await refused.stop() == 0)
    }

    /// The relay is killed mid-stream and started again on the same port: the push resumes by itself and the
    /// new relay's first access unit is a keyframe it decodes.
    @Test func relayRestartResumesAtAKeyframe() async throws {
        let port = try freeLoopbackPort()
        let first = try await RelayProcess(script: "gst_record_relay.py", arguments: [String(port), "garden"])
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240", "--push", "rtsp://127.0.0.1:\(port)/garden"], rtpPorts: PortRanges.pushRestart)
        #expect(await first.waitForLine(containing: "decoded 10 ", timeout: .seconds(30)) != nil, "relay output: \(first.lines)")
        await first.kill()
        #expect(await camstream.waitForLine(containing: "push to relay interrupted") != nil)
        let second = try await RelayProcess(script: "gst_record_relay.py", arguments: [String(port), "garden"])
        #expect(
            await second.waitForLine(containing: "decoded 10 ", timeout: .seconds(30)) == "decoded 10 320x240",
            "relay output: \(second.lines)")
        #expect(second.lines.first { $0.hasPrefix("first-buffer") } == "first-buffer keyframe=True")
        #expect(await camstream.waitForLine(containing: "publishing to relay again") != nil)
        #expect(await camstream.stop() == 0)
    }

    /// A 302 in front of the relay is followed once, and the relay it names decodes the push; a redirect that
    /// points back at itself is followed once, then refused with one error line and a backoff.
    @Test func aRedirectIsFollowedOnce() async throws {
        let relay = try await RelayProcess(script: "gst_record_relay.py", arguments: [String(try freeLoopbackPort()), "garden"])
        let front = try await RelayProcess(
            script: "redirecting_relay.py", arguments: ["0", "rtsp://127.0.0.1:\(relay.port)/garden"])
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240", "--push", "rtsp://127.0.0.1:\(front.port)/cam"], rtpPorts: PortRanges.pushRedirect)
        #expect(await relay.waitForLine(containing: "decoded 10 ", timeout: .seconds(30)) == "decoded 10 320x240", "relay output: \(relay.lines)")
        #expect(camstream.lines.contains { $0.contains("relay redirected the push") && $0.contains("rtsp://127.0.0.1:\(relay.port)/garden") })
        #expect(await camstream.stop() == 0)

        let loop = try await RelayProcess(script: "redirecting_relay.py", arguments: ["0", "self"])
        let looping = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240", "--push", "rtsp://127.0.0.1:\(loop.port)/cam"], rtpPorts: PortRanges.pushRedirect)
        // Two redirects per attempt (the first followed, the second refused), three attempts.
        #expect(await loop.waitForLines(containing: "redirected", count: 6).count == 6)
        let failures = looping.lines.filter { $0.contains("push to relay failed") }
        #expect(failures.count == 1, "\(failures)")
        #expect(failures.first?.contains("the relay redirected again") == true, "\(failures)")
        #expect(looping.lines.filter { $0.contains("relay redirected the push") }.count == 1)
        #expect(await looping.stop() == 0)
    }

    /// A relay that gives a 2-second session timeout gets a keep-alive (OPTIONS naming the session) about every
    /// second, while the media flows on the same connection; at shutdown it gets TEARDOWN.
    @Test func keepAlivesComeAtHalfTheRelaysSessionTimeout() async throws {
        let relay = try await RelayProcess(script: "short_session_relay.py", arguments: ["0"])
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "320x240", "--push", "rtsp://127.0.0.1:\(relay.port)/x"], rtpPorts: PortRanges.pushKeepAlive)
        #expect(await relay.waitForLine(containing: "recording") != nil)
        let keepAlives = await relay.waitForLines(containing: "request OPTIONS session=short1", count: 4, timeout: .seconds(15))
        #expect(keepAlives.count == 4, "relay output: \(relay.lines)")
        let times = keepAlives.compactMap { Double($0.split(separator: " ").last ?? "") }
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        print("keep-alives to a relay with timeout=2: gaps \(gaps.map { ($0 * 1000).rounded() / 1000 }) s")
        // Every second: never later than the timeout, and not a flood either.
        #expect(gaps.allSatisfy { $0 > 0.5 && $0 < 2 }, "\(gaps)")
        #expect(relay.lines.contains { $0.hasPrefix("frames ") }, "no media alongside the keep-alives")
        #expect(await camstream.stop() == 0)
        #expect(await relay.waitForLine(containing: "request TEARDOWN session=short1") != nil)
    }

    /// check-config lists each push target without its password, and warns (without failing: it may run as
    /// another user than the service) when a password_file cannot be read.
    @Test func checkConfigShowsPushTargetsWithoutPasswords() async throws {
        let directory = try TemporaryDirectory("push-check-config")
        let missing = directory.path("no-such-password")
        let file = try directory.write(
            "camstream.yml",
            """
            streams:
              cam:
                source: test
                push:
                  - url: rtsp://relay.example:8554/garden
                    user: cam
                    password_file: \(missing)
                  - url: rtsp://a:topsecret@relay2.example/x
                    transport: udp
            """)
        let result = try await Subprocess.run(CamstreamProcess.executablePath, ["check-config", "--config", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText.contains(
                ", pushed to rtsp://cam@relay.example:8554/garden over tcp, password from \(missing), pushed to rtsp://a:***@relay2.example:554/x over udp\n"
            ), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("topsecret") && !result.stderr.contains("topsecret"))
        #expect(
            result.stderr
                == "\(file): warning: streams.cam.push: password_file \(missing) cannot be read (No such file or directory); camstream reads it when it starts\n"
        )
        // serve refuses to start without it, as for any configuration error (78: systemd does not restart it).
        let serve = try await Subprocess.run(CamstreamProcess.executablePath, ["serve", "--config", file, "--port", "0"], timeout: .seconds(20))
        #expect(serve.status == 78, "\(serve.stderr)")
        #expect(serve.stderr.contains("push password_file \(missing): No such file or directory; nothing was started"), "\(serve.stderr)")
    }
}
