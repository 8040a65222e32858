import Foundation
import ProcessTestSupport
import RTSPAuth
import Testing

/// The live view in a real browser: headless Chromium (driven by chromedriver through Debian's selenium) opens
/// the page the real binary serves and plays the test pattern through Media Source Extensions; and the fMP4
/// captured from the real WebSocket decodes, every frame, in ffmpeg.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct BrowserTests {
    static let width = 640
    static let height = 480
    static let fps = 15
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser")
    /// Where the README's screenshot lives.
    static let screenshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/live-view.png").path

    static func start(httpPort: Int, fps: Int = fps, maxViewers: Int = 10, extra: [String] = []) async throws -> CamstreamProcess {
        let camstream = try await CamstreamProcess(
            arguments: [
                "--source", "test", "--size", "\(width)x\(height)", "--fps", "\(fps)", "--port", "0", "--http-port", "\(httpPort)",
                "--rtp-ports", "\(PortRanges.browser.lowerBound)-\(PortRanges.browser.upperBound)", "--max-viewers", "\(maxViewers)",
                "--onvif", "false",  // its discovery would multicast on the host's network
            ] + extra)
        try #require(await camstream.waitForLine(containing: "browsers can open http://127.0.0.1:\(httpPort)/") != nil)
        return camstream
    }

    /// Runs the selenium script against `url`; its one JSON line as a dictionary.
    static func openInChromium(_ url: String, seconds: Int, screenshot: String, expectRestart: Bool = false) async throws -> [String: Any] {
        let result = try await Subprocess.run(
            "/usr/bin/python3",
            [scripts.appendingPathComponent("live_view.py").path, url, "\(seconds)", screenshot]
                + (expectRestart ? ["--expect-restart"] : []),
            timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdoutText.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(result.stdoutText)\n\(result.stderr)")
    }

    @Test func chromiumPlaysTheLiveViewAtTheConfiguredSizeAndRate() async throws {
        let httpPort = PortRanges.browserHTTP
        let first = try await Self.start(httpPort: httpPort)
        let directory = try TemporaryDirectory("browser")
        let seconds = 5
        async let opened = Self.openInChromium(
            "http://127.0.0.1:\(httpPort)/", seconds: seconds, screenshot: directory.path("shot.png"), expectRestart: true)
        // Once the page has been measured, camstream restarts under it: the page must reconnect by itself.
        let measured = directory.path("shot.png.measured")
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: measured), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))  // polling a file with a deadline, not waiting a guessed time
        }
        #expect(await first.stop() == 0)
        let camstream = try await Self.start(httpPort: httpPort)
        let page = try await opened
        #expect((page["reconnects"] as? Int ?? 0) >= 1)
        #expect((page["framesAfterRestart"] as? Int ?? 0) >= 5, "\(page)")
        print(
            "Chromium: after the restart, 5 more frames within \(page["secondsForFiveFramesAfterRestart"] ?? "?") s of the page playing again"
        )

        #expect(page["mse"] as? Bool == true)
        #expect((page["readyState"] as? Int ?? 0) >= 2)
        #expect(page["width"] as? Int == Self.width)
        #expect(page["height"] as? Int == Self.height)
        let firstFrame = try #require(page["firstFrameMs"] as? Int)
        print("Chromium: first decoded frame \(firstFrame) ms after the page loaded")
        // Decoded frames keep coming at about the configured rate (a loaded CI machine may lose a few).
        let decoded = try #require(page["framesDecoded"] as? Int)
        let elapsed = try #require(page["elapsedMs"] as? Double)
        let rate = Double(decoded) / (elapsed / 1000)
        print(
            "Chromium: \(decoded) frames decoded in \(Int(elapsed)) ms (\(String(format: "%.1f", rate)) fps), \(page["droppedFrames"] ?? "?") dropped, \(page["secondsBehindLiveEdge"] ?? "?") s behind the live edge; stats line: \(page["statsText"] ?? "")"
        )
        #expect(rate > Double(Self.fps) * 0.7 && rate < Double(Self.fps) * 1.3, "\(rate) fps")
        #expect((page["secondsBehindLiveEdge"] as? Double ?? 9) < 1.0)
        // The screenshot shows the colour bars, in their order, across the top of the picture.
        #expect(page["barsInOrder"] as? Bool == true, "\(page["bars"] ?? "")")
        #expect(page["viewers"] as? Int == 1)
        if ProcessInfo.processInfo.environment["CAMSTREAM_SAVE_SCREENSHOT"] != nil {
            try? FileManager.default.removeItem(atPath: Self.screenshot)
            try FileManager.default.copyItem(atPath: directory.path("shot.png"), toPath: Self.screenshot)
        }
        // The browser's leaving is logged with its figures.
        let left = try #require(await camstream.waitForLine(containing: "viewer left"))
        #expect(left.contains("websocket") && left.contains("viewer.octets_sent"), "\(left)")

        // The same WebSocket, captured on the wire: ffprobe counts every fragment as a decodable frame.
        let segments = 30
        let capture = directory.path("capture.mp4")
        let run = try await Subprocess.run(
            "/usr/bin/python3",
            [
                Self.scripts.appendingPathComponent("ws_capture.py").path, "127.0.0.1", "\(httpPort)", "/ws?stream=cam", "\(segments)",
                capture,
            ],
            timeout: .seconds(30))
        let captured = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdoutText.utf8)) as? [String: Any], "\(run.stdoutText) \(run.stderr)")
        #expect(captured["segments"] as? Int == segments)
        let initMessage = try #require(captured["init"] as? [String: Any])
        #expect((initMessage["mime"] as? String)?.hasPrefix("video/mp4; codecs=\"avc1.42") == true)
        let probe = try await Subprocess.run(
            "ffprobe",
            [
                "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_read_frames", "-of",
                "csv=p=0", capture,
            ])
        #expect(
            probe.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.width),\(Self.height),\(segments)",
            "\(probe.stderr)")
        let decode = try await Subprocess.run("ffmpeg", ["-v", "error", "-xerror", "-i", capture, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        try await Self.statusListsBothKindsOfViewerWithRisingCounters(camstream, httpPort: httpPort, directory: directory)
        #expect(await camstream.stop() == 0)
    }

    /// GET `url` through Debian's python (no HTTP client in the test's own dependencies); the body.
    static func fetch(_ url: String) async throws -> String {
        let result = try await Subprocess.run(
            "/usr/bin/python3",
            ["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())", url],
            timeout: .seconds(10))
        return result.stdoutText
    }

    /// The viewers of stream "cam" in `/api/status`, by kind ("rtsp", "browser").
    static func viewers(_ status: String) -> [String: [String: Any]] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any],
            let streams = document["streams"] as? [[String: Any]], let cam = streams.first(where: { $0["path"] as? String == "cam" }),
            let viewers = cam["viewers"] as? [[String: Any]]
        else { return [:] }
        return Dictionary(
            viewers.compactMap { viewer in (viewer["kind"] as? String).map { ($0, viewer) } }, uniquingKeysWith: { first, _ in first })
    }

    /// An RTSP viewer (ffmpeg over TCP) and a browser viewer (the WebSocket) at once: the status lists both,
    /// playing, and their counters rise between two looks.
    static func statusListsBothKindsOfViewerWithRisingCounters(_ camstream: CamstreamProcess, httpPort: Int, directory: TemporaryDirectory)
        async throws
    {
        let statusURL = "http://127.0.0.1:\(httpPort)/api/status"
        async let socket = Subprocess.run(
            "/usr/bin/python3",
            [
                scripts.appendingPathComponent("ws_capture.py").path, "127.0.0.1", "\(httpPort)", "/ws?stream=cam", "\(fps * 6)",
                directory.path("status.mp4"),
            ],
            timeout: .seconds(30))
        async let rtsp = Subprocess.run(
            "ffmpeg", ["-v", "error", "-nostdin", "-rtsp_transport", "tcp", "-i", camstream.url, "-t", "6", "-f", "null", "-"],
            timeout: .seconds(30))
        let deadline = ContinuousClock.now + .seconds(10)
        var first: [String: [String: Any]] = [:]
        while ContinuousClock.now < deadline {
            first = viewers(try await fetch(statusURL))
            if (first["browser"]?["bytes_sent"] as? Int ?? 0) > 0, (first["rtsp"]?["packets_sent"] as? Int ?? 0) > 0 { break }
        }
        var second = first
        while ContinuousClock.now < deadline {
            second = viewers(try await fetch(statusURL))
            if (second["browser"]?["bytes_sent"] as? Int ?? 0) > (first["browser"]?["bytes_sent"] as? Int ?? .max),
                (second["rtsp"]?["packets_sent"] as? Int ?? 0) > (first["rtsp"]?["packets_sent"] as? Int ?? .max)
            {
                break
            }
        }
        let status = try await fetch(statusURL)
        print("/api/status: \(status)")
        #expect(second["browser"]?["playing"] as? Bool == true)
        #expect((second["browser"]?["transport"] as? String)?.hasPrefix("websocket") == true)
        #expect(second["browser"]?["address"] as? String == "127.0.0.1")
        #expect(second["rtsp"]?["playing"] as? Bool == true)
        #expect((second["rtsp"]?["transport"] as? String)?.hasPrefix("tcp") == true)
        #expect((second["browser"]?["bytes_sent"] as? Int ?? 0) > (first["browser"]?["bytes_sent"] as? Int ?? .max))
        #expect((second["rtsp"]?["packets_sent"] as? Int ?? 0) > (first["rtsp"]?["packets_sent"] as? Int ?? .max))
        #expect(status.contains("\"width\":\(width),\"height\":\(height)"))
        #expect(status.contains("\"pixel_format\":\"I420\""))
        #expect(status.contains("\"encoder\":\"baseline, preset "))
        #expect(status.contains("\"capture_drops\":0"))
        _ = try await (socket, rtsp)
    }

    @Test func withUsersTheBrowserNeedsCredentials() async throws {
        let directory = try TemporaryDirectory("browser-auth")
        let file = try directory.write(
            "camstream.yml",
            """
            users:
              - name: viewer
                password: "s3cret"
            """)
        let httpPort = PortRanges.browserHTTP + 1
        let camstream = try await Self.start(httpPort: httpPort, extra: ["--config", file])

        // Without credentials Chromium gets no player (headless, it shows nothing while it waits for a password
        // no one types); the answer it got is the 401 page with Digest challenges.
        let refused = try await Self.openInChromium("http://127.0.0.1:\(httpPort)/", seconds: 1, screenshot: directory.path("refused.png"))
        #expect(refused["mse"] == nil && refused["readyState"] == nil, "\(refused)")
        let answer = try await Subprocess.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, urllib.request, urllib.error\ntry: urllib.request.urlopen(sys.argv[1])\nexcept urllib.error.HTTPError as e: print(e.code, e.headers.get_all('WWW-Authenticate'), e.read().decode())",
                "http://127.0.0.1:\(httpPort)/",
            ])
        #expect(answer.stdoutText.hasPrefix("401 ['Digest realm=\"camstream\""), "\(answer.stdoutText)")
        #expect(answer.stdoutText.contains("<h1>401 Unauthorized</h1>"))

        let page = try await Self.openInChromium(
            "http://viewer:s3cret@127.0.0.1:\(httpPort)/", seconds: 2, screenshot: directory.path("shot.png"))
        #expect(page["width"] as? Int == Self.width)
        #expect(page["height"] as? Int == Self.height)
        #expect((page["framesDecoded"] as? Int ?? 0) > 0)

        // Without the page's token the WebSocket is refused, and the refusal says why.
        let run = try await Subprocess.run(
            "/usr/bin/python3",
            [
                Self.scripts.appendingPathComponent("ws_capture.py").path, "127.0.0.1", "\(httpPort)", "/ws?stream=cam", "1",
                directory.path("x.mp4"),
            ])
        #expect(run.stdoutText.contains("403"), "\(run.stdoutText)")
        #expect(await camstream.waitForLine(containing: "no valid token for the WebSocket") != nil)
        #expect(await camstream.stop() == 0)
    }

    /// ws_capture.py's one JSON line.
    static func capture(port: Int, segments: Int, to path: String, stall: (after: Int, seconds: Int)? = nil) async throws -> [String: Any] {
        let run = try await Subprocess.run(
            "/usr/bin/python3",
            [scripts.appendingPathComponent("ws_capture.py").path, "127.0.0.1", "\(port)", "/ws?stream=cam", "\(segments)", path]
                + (stall.map { ["--stall", "\($0.after)", "\($0.seconds)"] } ?? []),
            timeout: .seconds(60))
        return try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdoutText.utf8)) as? [String: Any], "\(run.stdoutText) \(run.stderr)")
    }

    @Test func browserViewersCountTowardMaxViewers() async throws {
        let httpPort = PortRanges.browserHTTP + 2
        let camstream = try await Self.start(httpPort: httpPort, maxViewers: 1)
        let directory = try TemporaryDirectory("browser-limit")
        async let holder = Self.capture(port: httpPort, segments: Self.fps * 4, to: directory.path("holder.mp4"))
        try #require(await camstream.waitForLine(containing: "browser viewer joined") != nil)

        let second = try await Self.capture(port: httpPort, segments: 1, to: directory.path("second.mp4"))
        #expect((second["status"] as? String)?.contains(" 503 ") == true, "\(second)")
        let rtsp = try await Subprocess.run("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", camstream.url], timeout: .seconds(20))
        #expect(rtsp.status != 0)
        let refusals = await camstream.waitForLines(containing: "has its maximum of 1 viewers", count: 2)
        #expect(refusals.contains { $0.contains("http.status=503") }, "\(refusals)")
        #expect(refusals.contains { $0.contains("rtsp.status=453") }, "\(refusals)")
        #expect(try await holder["segments"] as? Int == Self.fps * 4)
        #expect(await camstream.stop() == 0)
    }

    /// A browser that stops reading loses whole frames from its bounded queue and restarts at an IDR, while an
    /// RTSP viewer of the same stream gets every frame at full rate.
    @Test func aSlowBrowserLosesWholeFramesAndNobodyElseIsSlowed() async throws {
        let httpPort = PortRanges.browserHTTP + 3
        let fps = 30
        let camstream = try await Self.start(httpPort: httpPort, fps: fps)
        let directory = try TemporaryDirectory("browser-slow")
        let seconds = 8
        async let slow = Self.capture(
            port: httpPort, segments: fps * 5, to: directory.path("slow.mp4"), stall: (after: fps / 2, seconds: 5))
        async let rtsp = Subprocess.run(
            "ffmpeg",
            ["-v", "error", "-nostdin", "-rtsp_transport", "tcp", "-i", camstream.url, "-t", "\(seconds)", "-f", "framecrc", "-"],
            timeout: .seconds(40))
        #expect(await camstream.waitForLine(containing: "viewer cannot keep up", timeout: .seconds(20)) != nil)
        let slowViewer = try await slow
        let rtspViewer = try await rtsp
        print(
            "slow browser: \(slowViewer["skippedFrames"] ?? "?") frames skipped at jumps \(slowViewer["jumps"] ?? "?"); RTSP viewer: \(framecrcFrameSizes(rtspViewer.stdoutText).count) frames in \(seconds) s"
        )
        #expect(slowViewer["segments"] as? Int == fps * 5)
        #expect(!((slowViewer["jumps"] as? [Int]) ?? []).isEmpty)
        #expect(slowViewer["jumpsLandOnSync"] as? Bool == true)
        #expect((slowViewer["skippedFrames"] as? Int ?? 0) > 0)
        // What ffprobe reads of the slow viewer's capture still decodes, gaps and all.
        let decode = try await Subprocess.run("ffmpeg", ["-v", "error", "-xerror", "-i", directory.path("slow.mp4"), "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        #expect(rtspViewer.status == 0, "\(rtspViewer.stderr)")
        #expect(framecrcFrameSizes(rtspViewer.stdoutText).count >= fps * seconds * 9 / 10)
        let left = await camstream.waitForLines(containing: "viewer left", count: 2).first { $0.contains("websocket") }
        #expect(left?.contains("viewer.dropped_access_units=0") == false, "\(left ?? "no browser left")")
        #expect(await camstream.stop() == 0)
    }

    /// The colour bars along row `y` of an RGB picture, as runs of the nearest 75% bar colour at least
    /// 1/40 of the width long (edges blur over a few pixels).
    static func barRuns(rgb: [UInt8], width: Int, y: Int) -> [String] {
        let bars: [(String, (Int, Int, Int))] = [
            ("white", (191, 191, 191)), ("yellow", (191, 191, 0)), ("cyan", (0, 191, 191)), ("green", (0, 191, 0)),
            ("magenta", (191, 0, 191)), ("red", (191, 0, 0)), ("blue", (0, 0, 191)),
        ]
        var runs: [(String, Int)] = []
        for x in 0..<width {
            let offset = (y * width + x) * 3
            let pixel = (Int(rgb[offset]), Int(rgb[offset + 1]), Int(rgb[offset + 2]))
            let name = bars.min { a, b in
                let da =
                    (a.1.0 - pixel.0) * (a.1.0 - pixel.0) + (a.1.1 - pixel.1) * (a.1.1 - pixel.1) + (a.1.2 - pixel.2) * (a.1.2 - pixel.2)
                let db =
                    (b.1.0 - pixel.0) * (b.1.0 - pixel.0) + (b.1.1 - pixel.1) * (b.1.1 - pixel.1) + (b.1.2 - pixel.2) * (b.1.2 - pixel.2)
                return da < db
            }!.0
            if let last = runs.last, last.0 == name { runs[runs.count - 1].1 += 1 } else { runs.append((name, 1)) }
        }
        return runs.filter { $0.1 >= width / 40 }.map(\.0)
    }

    /// True when `runs` are the seven bars in order, starting anywhere (the pattern scrolls).
    static func isRotationOfBars(_ runs: [String]) -> Bool {
        let order = ["white", "yellow", "cyan", "green", "magenta", "red", "blue"]
        var sequence = runs
        if sequence.count == 8, sequence.first == sequence.last { sequence.removeLast() }
        guard sequence.count == 7, let start = order.firstIndex(of: sequence[0]) else { return false }
        return sequence == Array(order[start...] + order[..<start])
    }

    /// GET `url` with Debian's python, saved to `path`; the HTTP status.
    static func download(_ url: String, to path: String) async throws -> String {
        let result = try await Subprocess.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, urllib.request, urllib.error\ntry:\n r = urllib.request.urlopen(sys.argv[1], timeout=10); open(sys.argv[2], 'wb').write(r.read()); print(r.status, r.headers['Content-Type'])\nexcept urllib.error.HTTPError as e: print(e.code, e.read().decode())",
                url, path,
            ],
            timeout: .seconds(20))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func snapshotIsAJPEGOfTheNewestFrameAtTheConfiguredSize() async throws {
        let httpPort = PortRanges.browserHTTP + 4
        let camstream = try await Self.start(httpPort: httpPort)
        let directory = try TemporaryDirectory("snapshot")
        let base = "http://127.0.0.1:\(httpPort)"
        // Both spellings of the first stream's URL, and a scaled one; ten clients at once share compressions.
        async let many = withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<10 {
                group.addTask { try await Self.download("\(base)/snapshot.jpg", to: directory.path("many-\(index).jpg")) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(try await Self.download("\(base)/snapshot.jpg", to: directory.path("full.jpg")) == "200 image/jpeg")
        #expect(try await Self.download("\(base)/cam/snapshot.jpg?width=320", to: directory.path("small.jpg")) == "200 image/jpeg")
        #expect(
            try await Self.download("\(base)/snapshot.jpg?stream=cam&width=17", to: directory.path("bad.jpg")).hasPrefix(
                "400 camstream: 400 Bad Request: width=17"))
        #expect(try await many.allSatisfy { $0 == "200 image/jpeg" })

        for (file, width, height) in [("full.jpg", Self.width, Self.height), ("small.jpg", 320, 240)] {
            let probe = try await Subprocess.run(
                "ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", directory.path(file)])
            #expect(probe.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "mjpeg,\(width),\(height)", "\(probe.stderr)")
            let decoded = try await Subprocess.run(
                "ffmpeg", ["-v", "error", "-i", directory.path(file), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            let rgb = [UInt8](decoded.stdout)
            try #require(rgb.count == width * height * 3)
            let runs = Self.barRuns(rgb: rgb, width: width, y: height / 3)
            #expect(Self.isRotationOfBars(runs), "\(file): \(runs)")
            // Full range, as JFIF readers assume: the 75% white bar is 191 grey (video-range samples taken as
            // full range would show 180).
            let row = (0..<width).map { x in (0..<3).map { Int(rgb[(height / 3 * width + x) * 3 + $0]) } }
            let whites = row.filter { pixel in pixel.allSatisfy { abs($0 - 191) < 25 } }
            let whiteLevel = whites.map { $0.reduce(0, +) }.reduce(0, +) / max(1, whites.count * 3)
            #expect(
                whites.count > width / 10 && (186...196).contains(whiteLevel),
                "\(file): white bar at \(whiteLevel) over \(whites.count) pixels")
        }
        #expect(await camstream.stop() == 0)
    }
}
