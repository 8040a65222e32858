import Foundation
import ProcessTestSupport
import Testing

/// camstream as Home Assistant sees it, through Home Assistant's own libraries: onvif-zeep-async walks the ONVIF
/// integration's calls with the configured user and ffmpeg plays every stream URI it is given; wsdiscovery finds
/// the camera by Probe, and hears its Hello and Bye, across a pair of network namespaces.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct HomeAssistantONVIFTests {
    static let user = "admin"
    static let password = "secret"
    /// The main stream and, as a recorder's detect stream, its sub-stream (a second encoding of the same capture,
    /// at the default path).
    static let streams = [
        (path: "cam", width: 640, height: 360, fps: 15, kbps: 800), (path: "cam/sub", width: 320, height: 180, fps: 10, kbps: 300),
    ]

    static func config(rtspPort: Int, httpPort: Int, bind: String, name: String) -> String {
        var text = """
            server:
              rtsp_port: \(rtspPort)
              http_port: \(httpPort)
              bind: \(bind)
              rtp_port_range: \(PortRanges.onvif.lowerBound)-\(PortRanges.onvif.upperBound)
              max_viewers: 10
            users:
              - name: \(user)
                password: \(password)
            onvif:
              name: \(name)
              location: garden
            streams:

            """
        let (main, sub) = (streams[0], streams[1])
        text += "  \(main.path):\n    source: test\n    width: \(main.width)\n    height: \(main.height)\n"
        text += "    fps: \(main.fps)\n    bitrate_kbps: \(main.kbps)\n"
        text += "    substream: {width: \(sub.width), height: \(sub.height), fps: \(sub.fps), bitrate_kbps: \(sub.kbps)}\n"
        return text
    }

    /// camstream with `config`, run through `launcher` (a namespace) when given, once its HTTP port is up.
    static func start(_ config: String, directory: TemporaryDirectory, launcher: [String] = [], httpURL: String) async throws
        -> CamstreamProcess
    {
        let file = try directory.write("camstream.yml", config)
        _ = try await Subprocess.run("chmod", ["600", file], timeout: .seconds(5))
        let camstream = try await CamstreamProcess(arguments: ["--config", file], launcher: launcher)
        try #require(await camstream.waitForLine(containing: "browsers can open \(httpURL)") != nil, "\(camstream.lines)")
        return camstream
    }

    /// The walk's one JSON line.
    static func walk(port: Int, password: String) async throws -> [String: Any] {
        let python = try await HomeAssistantLibraries.prepare()
        let result = try await Subprocess.run(
            python, [HomeAssistantLibraries.script("home_assistant_onvif.py"), "127.0.0.1", "\(port)", user, password],
            timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdoutText.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(result.stdoutText)\n\(result.stderr)")
    }

    @Test func homeAssistantAddsTheCameraAndPlaysEveryStreamItIsGiven() async throws {
        let (rtspPort, httpPort) = (PortRanges.onvifRTSP, PortRanges.onvifRTSP + 1)
        let directory = try TemporaryDirectory("onvif")
        let camstream = try await Self.start(
            Self.config(rtspPort: rtspPort, httpPort: httpPort, bind: "127.0.0.1", name: "Front door"), directory: directory,
            httpURL: "http://127.0.0.1:\(httpPort)/")
        let walk = try await Self.walk(port: httpPort, password: Self.password)
        #expect(walk["fault"] == nil, "\(walk)")
        #expect(walk["manufacturer"] as? String == "camstream")
        #expect(walk["media_xaddr"] as? String == "http://127.0.0.1:\(httpPort)/onvif/media_service")
        #expect(walk["snapshot_capability"] as? Bool == true)
        #expect(((walk["macs"] as? [String]) ?? []).allSatisfy { $0.count == 17 }, "\(walk["macs"] ?? "")")
        let profiles = try #require(walk["profiles"] as? [[String: Any]])
        #expect(profiles.map { $0["token"] as? String } == Self.streams.map(\.path))
        // One capture behind both profiles: the sub-stream names its parent's video source.
        #expect(profiles.map { $0["source"] as? String } == ["src_cam", "src_cam"], "\(profiles)")
        for (profile, stream) in zip(profiles, Self.streams) {
            #expect(profile["width"] as? Int == stream.width && profile["height"] as? Int == stream.height, "\(profile)")
            #expect(profile["fps"] as? Int == stream.fps && profile["bitrate"] as? Int == stream.kbps, "\(profile)")
            let uris = try #require(profile["uris"] as? [String: String])
            #expect(uris["RTSP"] == "rtsp://127.0.0.1:\(rtspPort)/\(stream.path)")
            #expect(uris["UDP"] == "rtsp://127.0.0.1:\(rtspPort)/\(stream.path)")
            #expect(uris["HTTP"] == "rtsp://127.0.0.1:\(httpPort)/\(stream.path)")
            #expect(profile["snapshot_uri"] as? String == "http://127.0.0.1:\(httpPort)/\(stream.path)/snapshot.jpg")
            #expect(profile["snapshot_is_jpeg"] as? Bool == true, "\(profile)")
            // Home Assistant hands the URI to ffmpeg with the user in it, as here; both transports, and the HTTP
            // URI through the RTSP-over-HTTP tunnel.
            for transport in ["udp", "tcp", "http"] {
                let uri = try #require(uris[transport == "http" ? "HTTP" : "RTSP"]).replacingOccurrences(of: "rtsp://", with: "rtsp://\(Self.user):\(Self.password)@")
                let frames = 5
                let played = try await Subprocess.run(
                    "ffmpeg",
                    [
                        "-hide_banner", "-loglevel", "error", "-rtsp_transport", transport, "-i", uri, "-frames:v", "\(frames)", "-f",
                        "rawvideo",
                        "-pix_fmt", "yuv420p", "-",
                    ],
                    timeout: .seconds(30))
                #expect(played.status == 0, "\(stream.path) over \(transport): \(played.stderr)")
                #expect(
                    played.stdout.count == frames * i420FrameBytes(width: stream.width, height: stream.height),
                    "\(stream.path) over \(transport)")
            }
        }
        #expect(await camstream.stop() == 0)
    }

    @Test func aWrongPasswordGetsNotAuthorizedAndNoURI() async throws {
        let (rtspPort, httpPort) = (PortRanges.onvifRTSP + 2, PortRanges.onvifRTSP + 3)
        let directory = try TemporaryDirectory("onvif-wrong")
        let camstream = try await Self.start(
            Self.config(rtspPort: rtspPort, httpPort: httpPort, bind: "127.0.0.1", name: "Front door"), directory: directory,
            httpURL: "http://127.0.0.1:\(httpPort)/")
        let walk = try await Self.walk(port: httpPort, password: "not the password")
        #expect(walk["subcodes"] as? [String] == ["{http://www.onvif.org/ver10/error}NotAuthorized"], "\(walk)")
        #expect((walk["profiles"] as? [Any])?.isEmpty == true, "\(walk)")
        #expect(await camstream.waitForLine(containing: "wrong user name or password for 'admin'") != nil)
        #expect(await camstream.stop() == 0)
    }

    /// What no ONVIF client sends, answered as the spec says and without harm: an operation we do not do, a
    /// document with a DOCTYPE (the billion laughs), and no credentials at all.
    @Test func refusalsAreSOAPFaults() async throws {
        let (rtspPort, httpPort) = (PortRanges.onvifRTSP + 4, PortRanges.onvifRTSP + 5)
        let directory = try TemporaryDirectory("onvif-faults")
        let camstream = try await Self.start(
            Self.config(rtspPort: rtspPort, httpPort: httpPort, bind: "127.0.0.1", name: "Front door"), directory: directory,
            httpURL: "http://127.0.0.1:\(httpPort)/")
        func post(_ body: String, user: Bool = true) async throws -> (status: Int, body: String) {
            let file = try directory.write("request.xml", body)
            let result = try await Subprocess.run(
                "curl",
                ["-s", "-o", "-", "-w", "\n%{http_code}", "-H", "Content-Type: application/soap+xml", "--data-binary", "@\(file)"]
                    + (user ? ["--digest", "-u", "\(Self.user):\(Self.password)"] : []) + [
                        "http://127.0.0.1:\(httpPort)/onvif/device_service"
                    ],
                timeout: .seconds(10))
            let text = result.stdoutText
            let status = Int(text.split(separator: "\n").last ?? "") ?? 0
            return (status, text)
        }
        let envelope = { (body: String) in
            #"<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>\#(body)</s:Body></s:Envelope>"#
        }
        let reboot = try await post(envelope(#"<SystemReboot xmlns="http://www.onvif.org/ver10/device/wsdl"/>"#))
        #expect(reboot.status == 500 && reboot.body.contains("<SOAP-ENV:Value>ter:ActionNotSupported</SOAP-ENV:Value>"), "\(reboot)")
        let laughs = try await post(
            #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>"#)
        #expect(laughs.status == 400 && laughs.body.contains("ter:WellFormed") && laughs.body.contains("DOCTYPE"), "\(laughs)")
        let anonymous = try await post(envelope(#"<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>"#), user: false)
        #expect(anonymous.status == 401 && anonymous.body.contains("ter:NotAuthorized"), "\(anonymous)")
        let clock = try await post(envelope(#"<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>"#), user: false)
        #expect(clock.status == 200 && clock.body.contains("<tt:UTCDateTime>"), "\(clock)")
        // HTTP Digest, for clients that use it instead of WS-Security.
        let digest = try await post(envelope(#"<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>"#))
        #expect(digest.status == 200 && digest.body.contains("<tds:Manufacturer>camstream</tds:Manufacturer>"), "\(digest)")
        #expect(await camstream.stop() == 0)
    }

    @Test func wsdiscoveryFindsTheCameraAndHearsItsHelloAndBye() async throws {
        let python = try await HomeAssistantLibraries.prepare()
        let (rtspPort, httpPort) = (PortRanges.onvifRTSP + 6, PortRanges.onvifRTSP + 7)
        try await NamespacePair.with("onvif", subnet: 7) { pair in
            let directory = try TemporaryDirectory("onvif-discovery")
            let ready = directory.path("listening")
            // A recorder already running: it hears the camera arrive and leave.
            async let heard = Subprocess.run(
                pair.command(in: pair.recorder, [python])[0],
                Array(pair.command(in: pair.recorder, [python, HomeAssistantLibraries.script("listen.py"), ready, "30"]).dropFirst()),
                timeout: .seconds(60))
            let deadline = ContinuousClock.now + .seconds(30)
            while !FileManager.default.fileExists(atPath: ready), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))  // polling a file with a deadline, not waiting a guessed time
            }
            let launcher = pair.command(in: pair.camera, [])
            let camstream = try await Self.start(
                Self.config(rtspPort: rtspPort, httpPort: httpPort, bind: "0.0.0.0", name: "Garden camera"), directory: directory,
                launcher: [try Subprocess.which(launcher[0])] + launcher.dropFirst(), httpURL: "http://\(pair.cameraAddress):\(httpPort)/")
            #expect(await camstream.waitForLine(containing: "WS-Discovery answering Probes") != nil, "\(camstream.lines)")

            // Home Assistant's search, from the other namespace: Probe, then the ProbeMatches within a second.
            let search = pair.command(in: pair.recorder, [python, HomeAssistantLibraries.script("discover.py"), "1"])
            let searched = try await Subprocess.run(search[0], Array(search.dropFirst()), timeout: .seconds(30))
            #expect(searched.status == 0, "\(searched.stderr)")
            let line = searched.stdoutText.split(separator: "\n").last.map(String.init) ?? ""
            let found = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [[String: Any]]], "\(searched.stdoutText)")
            let deviceService = "http://\(pair.cameraAddress):\(httpPort)/onvif/device_service"
            var endpoint: String?
            for key in ["by_scope", "by_type"] {
                let services = found[key] ?? []
                #expect(services.count == 1, "\(key): \(services)")
                let service = try #require(services.first)
                #expect(service["xaddrs"] as? [String] == [deviceService])
                let scopes = service["scopes"] as? [String] ?? []
                #expect(scopes.contains("onvif://www.onvif.org/name/Garden camera"), "\(scopes)")
                #expect(
                    scopes.contains("onvif://www.onvif.org/location/garden") && scopes.contains("onvif://www.onvif.org/Profile/Streaming"))
                #expect((service["types"] as? [String] ?? []).contains("http://www.onvif.org/ver10/network/wsdl:NetworkVideoTransmitter"))
                endpoint = service["epr"] as? String
            }
            #expect(endpoint?.hasPrefix("urn:uuid:") == true)

            // A flood of Probes (as spoofed ones would be) gets no more answer bytes than the bucket allows: 8 KiB at
            // once, then 4 KiB/s.
            let seconds = 2
            let flood = pair.command(
                in: pair.recorder, [python, HomeAssistantLibraries.script("flood_probes.py"), pair.cameraAddress, "500", "\(seconds)"])
            let flooded = try await Subprocess.run(flood[0], Array(flood.dropFirst()), timeout: .seconds(30))
            let figures = try #require(
                try JSONSerialization.jsonObject(with: Data((flooded.stdoutText.split(separator: "\n").last.map(String.init) ?? "").utf8))
                    as? [String: Any], "\(flooded.stdoutText)\n\(flooded.stderr)")
            let answerBytes = try #require(figures["answer_bytes"] as? Int)
            print("WS-Discovery flood: \(figures)")
            #expect((figures["answers"] as? Int ?? 0) >= 1)
            #expect(answerBytes <= 8192 + 4096 * seconds, "\(figures)")

            #expect(await camstream.stop() == 0)
            let listened = try await heard
            let seen = try #require(
                try JSONSerialization.jsonObject(with: Data((listened.stdoutText.split(separator: "\n").last.map(String.init) ?? "").utf8))
                    as? [String: [[String: Any]]], "\(listened.stdoutText)\n\(listened.stderr)")
            #expect(seen["hello"]?.first?["epr"] as? String == endpoint, "\(seen)")
            #expect(seen["hello"]?.first?["xaddrs"] as? [String] == [deviceService], "\(seen)")
            #expect(seen["bye"]?.first?["epr"] as? String == endpoint, "\(seen)")
        }
    }
}
