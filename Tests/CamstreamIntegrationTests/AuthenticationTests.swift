import Foundation
import ProcessTestSupport
import RTSP
import RTSPAuth
import Testing

/// With users configured, real players get in with credentials in the URL and nobody gets media without them.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AuthenticationTests {
    static let config = """
        users:
          - name: viewer
            password: "s3cret pass"
          - name: neighbour
            password_hash: "\(UserCredentials.hashLine(name: "neighbour", password: "hunter2", realm: "camstream"))"
            streams: [elsewhere]
        streams:
          cam:
            source: test
          elsewhere:
            source: test
            width: 160
            height: 120
        """

    /// At debug level, so that each accepted request logs the form of credentials the client chose.
    static func start(_ ports: ClosedRange<Int>) async throws -> (CamstreamProcess, TemporaryDirectory) {
        let directory = try TemporaryDirectory("auth")
        let file = try directory.write("camstream.yml", config)
        let camstream = try await CamstreamProcess(["--config", file, "--log-level", "debug"], rtpPorts: ports)
        return (camstream, directory)
    }

    static func url(_ camstream: CamstreamProcess, user: String = "viewer", password: String = "s3cret%20pass", path: String = "cam") -> String {
        "rtsp://\(user):\(password)@127.0.0.1:\(camstream.port)/\(path)"
    }

    @Test(arguments: ["udp", "tcp"])
    func ffmpegPlaysWithCredentialsInTheURL(transport: String) async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        let result = try await Subprocess.run(
            "ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", transport, "-i", Self.url(camstream), "-frames:v", "30", "-f", "framecrc", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(framecrcFrameSizes(result.stdoutText).count == 30)
        #expect(await camstream.stop() == 0)
        #expect(Self.forms(camstream) == ["Digest MD5 qop=auth"], "\(Self.forms(camstream))")
        _ = directory
    }

    /// The forms of credentials accepted requests carried (`Digest MD5 qop=auth`, …), from the debug log, where
    /// metadata keys come sorted: `rtsp.auth.form=… rtsp.auth.user=…`.
    static func forms(_ camstream: CamstreamProcess) -> Set<String> {
        Set(camstream.lines.compactMap { line in
            guard line.contains("authenticated"), let start = line.firstRange(of: "rtsp.auth.form="),
                let end = line[start.upperBound...].firstRange(of: " rtsp.auth.user=")
            else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        })
    }

    @Test func gstreamerPlaysWithCredentials() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        let output = directory.path("frames.yuv")
        let result = try await Subprocess.run(
            "gst-launch-1.0",
            ["-q", "rtspsrc", "location=rtsp://127.0.0.1:\(camstream.port)/cam", "user-id=viewer", "user-pw=s3cret pass", "protocols=tcp", "latency=0",
             "!", "rtph264depay", "!", "avdec_h264", "!", "video/x-raw,format=I420", "!", "identity", "eos-after=11", "!", "filesink", "location=\(output)"])
        #expect(gstreamerEndedWell(result), "\(result.stderr)")
        let bytes = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int
        #expect(bytes == 10 * i420FrameBytes(width: 1280, height: 720))
        #expect(await camstream.stop() == 0)
        #expect(Self.forms(camstream) == ["Digest MD5 RFC 2069"], "\(Self.forms(camstream))")
    }

    /// VLC's live555 keeps only the last challenge (MD5), ignores qop, answers in the RFC 2069 form and names its
    /// base URL in `uri` even for SETUP: it plays.
    @Test func aLive555StyleClientPlays() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        try await RTSPTestClient.withConnection(port: camstream.port) { client in
            client.live555 = Live555Digest(username: "viewer", password: "s3cret pass", baseURL: client.baseURL)
            let play = try await client.playInterleaved()
            #expect(play.status == .ok)
            #expect(client.live555?.baseURL == client.baseURL + "/")
            var stream = try PacketStream(rtpInfo: play)
            let units = try await stream.readAccessUnits(5, from: &client)
            #expect(units.count == 5)
        }
        #expect(await camstream.stop() == 0)
        #expect(Self.forms(camstream) == ["Digest MD5 RFC 2069"], "\(Self.forms(camstream))")
        #expect(!camstream.lines.contains { $0.contains("authentication failed") })
        _ = directory
    }

    /// An Authorization header captured from one client's request (on the wire, or in a log) and sent from
    /// another address is refused with 401 and counted as a failed login, though every digest field is right.
    @Test func credentialsReplayedFromAnotherAddressAreRefused() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        let captured = try await RTSPTestClient.withConnection(port: camstream.port, localAddress: "127.0.0.1") { client in
            client.live555 = Live555Digest(username: "viewer", password: "s3cret pass", baseURL: client.baseURL)
            let describe = try await client.request(.describe)
            #expect(describe.status == .ok)
            let sent = client.lastAuthorization
            return try #require(sent)
        }
        try await RTSPTestClient.withConnection(port: camstream.port, localAddress: "127.0.0.2") { client in
            let replayed = try await client.request(.describe, headers: [("Authorization", captured)])
            #expect(replayed.status == .unauthorized)
            #expect(replayed.body == nil)
        }
        let failure = await camstream.waitForLine(containing: "authentication failed")
        #expect(failure?.contains("rtsp.peer=127.0.0.2") == true, "\(failure ?? "no line")")
        #expect(failure?.contains("nonce issued to another client address") == true, "\(failure ?? "no line")")
        // The same header from the address it was issued to still works: it was the address that was refused.
        try await RTSPTestClient.withConnection(port: camstream.port, localAddress: "127.0.0.1") { client in
            let again = try await client.request(.describe, headers: [("Authorization", captured)])
            #expect(again.status == .ok)
        }
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    /// A digest computed for another URI (here the other stream, with the right password) does not open this one.
    @Test func aDigestForAnotherURIIsRefused() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        try await RTSPTestClient.withConnection(port: camstream.port) { client in
            client.live555 = Live555Digest(username: "viewer", password: "s3cret pass", baseURL: client.baseURL)
            #expect(try await client.request(.describe).status == .ok)
            client.live555?.baseURL = "rtsp://127.0.0.1:\(camstream.port)/elsewhere"
            let mismatched = try await client.request(.describe)
            #expect(mismatched.status == .unauthorized)
        }
        let failure = await camstream.waitForLine(containing: "authentication failed")
        #expect(failure?.contains("digest uri 'rtsp://127.0.0.1:\(camstream.port)/elsewhere' is not the request-URI") == true, "\(failure ?? "no line")")
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    @Test func withoutCredentialsOrWithAWrongPasswordThereIs401AndNoMedia() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        for url in ["rtsp://127.0.0.1:\(camstream.port)/cam", Self.url(camstream, password: "guess")] {
            let result = try await Subprocess.run(
                "ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", url, "-frames:v", "1", "-f", "framecrc", "-"],
                timeout: .seconds(30))
            #expect(result.status != 0)
            #expect(result.stderr.contains("401"), "\(result.stderr)")
            #expect(framecrcFrameSizes(result.stdoutText).isEmpty)
        }
        try await RTSPTestClient.withConnection(port: camstream.port) { client in
            let options = try await client.request(.options)
            #expect(options.status == .ok)
            let describe = try await client.request(.describe)
            #expect(describe.status == .unauthorized)
            #expect(describe.headers.values(for: "WWW-Authenticate").map { $0.prefix(30) } == [
                "Digest realm=\"camstream\", nonc", "Digest realm=\"camstream\", nonc",
            ])
            #expect(describe.body == nil)
            let setup = try await client.request(.setup, client.baseURL + "/trackID=0", headers: [("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")])
            #expect(setup.status == .unauthorized)
        }
        let failure = await camstream.waitForLine(containing: "authentication failed")
        #expect(failure?.contains("rtsp.peer=127.0.0.1") == true, "\(failure ?? "no line")")
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    /// A user limited to other streams is refused this one, with the right password.
    @Test func aUserRestrictedToAnotherStreamIsForbiddenHere() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        let result = try await Subprocess.run(
            "ffprobe", ["-hide_banner", "-v", "error", "-rtsp_transport", "tcp", Self.url(camstream, user: "neighbour", password: "hunter2")],
            timeout: .seconds(30))
        #expect(result.status != 0)
        #expect(result.stderr.contains("403"), "\(result.stderr)")
        let allowed = try await Subprocess.run(
            "ffprobe", ["-hide_banner", "-v", "error", "-rtsp_transport", "tcp", Self.url(camstream, user: "neighbour", password: "hunter2", path: "elsewhere")],
            timeout: .seconds(30))
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    /// A nonce count seen once is refused the second time, and a nonce from before a restart is not accepted.
    @Test func replayedAndForeignNoncesAreRejected() async throws {
        let (camstream, directory) = try await Self.start(PortRanges.authentication)
        let uri = "rtsp://127.0.0.1:\(camstream.port)/cam"
        func authorization(nonce: String, nc: String) -> String {
            let ha1 = DigestAlgorithm.md5.ha1(username: "viewer", realm: "camstream", password: "s3cret pass")
            let response = DigestAlgorithm.md5.response(ha1: ha1, nonce: nonce, method: "DESCRIBE", uri: uri, qop: "auth", nonceCount: nc, clientNonce: "abcd")
            return "Digest username=\"viewer\", realm=\"camstream\", nonce=\"\(nonce)\", uri=\"\(uri)\", response=\"\(response)\", qop=auth, nc=\(nc), cnonce=\"abcd\""
        }
        let oldNonce = try await RTSPTestClient.withConnection(port: camstream.port) { client in
            let challenge = try #require(try await client.request(.describe, uri).headers["WWW-Authenticate"])
            let nonce = String(try #require(challenge.split(separator: "\"").dropFirst(3).first))
            let header = authorization(nonce: nonce, nc: "00000001")
            let first = try await client.request(.describe, uri, headers: [("Authorization", header)])
            let replayed = try await client.request(.describe, uri, headers: [("Authorization", header)])
            let next = try await client.request(.describe, uri, headers: [("Authorization", authorization(nonce: nonce, nc: "00000002"))])
            #expect(first.status == .ok)
            #expect(replayed.status == .unauthorized)
            #expect(next.status == .ok)
            return nonce
        }
        #expect(await camstream.stop() == 0)

        let restarted = try await CamstreamProcess(["--config", directory.path("camstream.yml")], rtpPorts: PortRanges.authenticationRestart)
        try await RTSPTestClient.withConnection(port: restarted.port) { client in
            let restartedURI = "rtsp://127.0.0.1:\(restarted.port)/cam"
            let ha1 = DigestAlgorithm.md5.ha1(username: "viewer", realm: "camstream", password: "s3cret pass")
            let response = DigestAlgorithm.md5.response(ha1: ha1, nonce: oldNonce, method: "DESCRIBE", uri: restartedURI)
            let header = "Digest username=\"viewer\", realm=\"camstream\", nonce=\"\(oldNonce)\", uri=\"\(restartedURI)\", response=\"\(response)\""
            let answer = try await client.request(.describe, restartedURI, headers: [("Authorization", header)])
            #expect(answer.status == .unauthorized)
        }
        // The log line may come after the answer has been read: wait for it rather than look once.
        #expect(await restarted.waitForLine(containing: "nonce not issued by this server") != nil)
        #expect(await restarted.stop() == 0)
    }
}
