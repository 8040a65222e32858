import Foundation
import ProcessTestSupport
import Testing

/// `/metrics` as Prometheus itself reads it: Debian's `promtool check metrics` accepts the real binary's
/// exposition, and a real Prometheus server scrapes the binary every second and answers queries whose values
/// match what is happening (frames encoded, an ffmpeg viewer playing over TCP, then gone).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct MetricsTests {
    static let users = """
        server:
          allow_basic_auth: true
        users:
          - name: scraper
            password: "s3cret"
        """

    static func start(rtspPort: Int, httpPort: Int, rtpPorts: ClosedRange<Int>, extra: [String] = []) async throws -> CamstreamProcess {
        let camstream = try await CamstreamProcess(
            arguments: [
                "--source", "test", "--size", "320x240", "--fps", "15", "--port", "\(rtspPort)", "--bind", "127.0.0.1", "--http-port",
                "\(httpPort)", "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)", "--max-viewers", "4",
            ] + extra)
        try #require(await camstream.waitForLine(containing: "browsers can open http://127.0.0.1:\(httpPort)/") != nil)
        return camstream
    }

    /// `curl` to `url`: the status code and body.
    static func fetch(_ url: String, user: String? = nil) async throws -> (status: Int, body: String) {
        let result = try await Subprocess.run(
            "curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "10"] + (user.map { ["-u", $0] } ?? []) + [url],
            timeout: .seconds(15))
        var lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    /// The value of the first sample in `text` whose line starts with `series`.
    static func sample(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func promtoolAcceptsTheBinarysExposition() async throws {
        let ports = PortRanges.metricsListeners
        let camstream = try await Self.start(rtspPort: ports, httpPort: ports + 1, rtpPorts: PortRanges.metrics.lowerBound...24019)
        let directory = try TemporaryDirectory("metrics")
        // Until the source has encoded a frame, so that the histogram has samples in it too.
        var body = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let answer = try await Self.fetch("http://127.0.0.1:\(ports + 1)/metrics")
            #expect(answer.status == 200)
            body = answer.body
            if (Self.sample("camstream_frames_encoded_total{stream=\"cam\"}", in: body) ?? 0) > 0 { break }
        }
        #expect((Self.sample("camstream_frames_encoded_total{stream=\"cam\"}", in: body) ?? 0) > 0, "\(body)")
        #expect((Self.sample("process_resident_memory_bytes", in: body) ?? 0) > 1_000_000)
        let file = try directory.write("metrics.txt", body)
        let check = try await Subprocess.run("/bin/sh", ["-c", "promtool check metrics < \"$0\"", file], timeout: .seconds(30))
        #expect(check.status == 0 && check.stdoutText.isEmpty && check.stderr.isEmpty, "promtool: \(check.stdoutText) \(check.stderr)")
        print("promtool check metrics: exit \(check.status), no findings, on \(body.split(separator: "\n").count) lines of /metrics")
        #expect(await camstream.stop() == 0)
    }

    /// curl given two URLs reuses its connection when the server keeps it: what Prometheus and browsers do.
    @Test func curlReusesOneConnectionForTwoRequests() async throws {
        let ports = PortRanges.metricsListeners + 4
        let camstream = try await Self.start(rtspPort: ports, httpPort: ports + 1, rtpPorts: 24040...24049)
        let base = "http://127.0.0.1:\(ports + 1)"
        let run = try await Subprocess.run(
            "curl", ["-sv", "--max-time", "10", "-o", "/dev/null", "-o", "/dev/null", "\(base)/api/status", "\(base)/metrics"],
            timeout: .seconds(15))
        #expect(run.status == 0)
        #expect(run.stderr.components(separatedBy: "< HTTP/1.1 200 OK").count - 1 == 2, "\(run.stderr)")
        #expect(run.stderr.contains("Re-using existing connection"), "\(run.stderr)")
        #expect(await camstream.stop() == 0)
    }

    @Test func prometheusScrapesTheBinaryAndItsAnswersMatchReality() async throws {
        let ports = PortRanges.metricsListeners + 2
        let directory = try TemporaryDirectory("prometheus")
        let config = try directory.write("camstream.yml", Self.users)
        let camstream = try await Self.start(
            rtspPort: ports, httpPort: ports + 1, rtpPorts: 24020...24039, extra: ["--config", config])

        // With users, /metrics is theirs like every page: no credentials is 401, Basic (allowed here) is 200.
        #expect(try await Self.fetch("http://127.0.0.1:\(ports + 1)/metrics").status == 401)
        #expect(try await Self.fetch("http://127.0.0.1:\(ports + 1)/metrics", user: "scraper:wrong").status == 401)
        #expect(try await Self.fetch("http://127.0.0.1:\(ports + 1)/metrics", user: "scraper:s3cret").status == 200)

        let scrapeConfig = try directory.write(
            "prometheus.yml",
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: camstream
                scrape_interval: 1s
                scrape_timeout: 1s
                basic_auth:
                  username: scraper
                  password: s3cret
                static_configs:
                  - targets: ["127.0.0.1:\(ports + 1)"]
            """)
        let prometheusPort = PortRanges.prometheus
        let prometheus = try BackgroundProgram(
            "prometheus",
            [
                "--config.file=\(scrapeConfig)", "--storage.tsdb.path=\(directory.path("data"))",
                "--web.listen-address=127.0.0.1:\(prometheusPort)", "--log.level=info",
            ])
        #expect(await prometheus.waitForLine(containing: "Server is ready to receive web requests") != nil, "\(prometheus.lines)")

        let api = "http://127.0.0.1:\(prometheusPort)/api/v1/query"
        let scraped = try await Self.waitForQuery(api, "up{job=\"camstream\"}") { $0 == 1 }
        #expect(scraped == 1, "Prometheus never scraped camstream: \(prometheus.lines.suffix(5))")
        let encoded = try await Self.waitForQuery(api, "camstream_frames_encoded_total{stream=\"cam\"}") { $0 > 0 }
        #expect((encoded ?? 0) > 0)

        // An ffmpeg viewer over UDP (which sends RTCP receiver reports) for 10 s of stream: the gauge reads 1 while it
        // plays, and 0 once it has stopped by itself with a TEARDOWN.
        let ffmpeg = try BackgroundProgram(
            "ffmpeg",
            [
                "-nostdin", "-loglevel", "info", "-rtsp_transport", "udp", "-i", "rtsp://scraper:s3cret@127.0.0.1:\(ports)/cam", "-t", "10",
                "-f",
                "null", "-",
            ])
        let playing = try await Self.waitForQuery(api, "camstream_viewers{stream=\"cam\",transport=\"udp\"}") { $0 == 1 }
        #expect(playing == 1, "ffmpeg: \(ffmpeg.lines.suffix(5))")
        let sent = try await Self.waitForQuery(api, "camstream_rtp_packets_sent_total{stream=\"cam\"}") { $0 > 0 }
        #expect((sent ?? 0) > 0)
        // ffmpeg's RTCP receiver reports (every few seconds) land in the jitter and loss histograms.
        let reports = try await Self.waitForQuery(api, "camstream_receiver_jitter_seconds_count{stream=\"cam\"}") { $0 > 0 }
        #expect((reports ?? 0) > 0)
        // Reports that said anything was lost (on loopback, normally none; a crowded machine may drop a datagram).
        let lossy = try await Self.waitForQuery(
            api,
            "camstream_receiver_loss_ratio_count{stream=\"cam\"} - ignoring(le) camstream_receiver_loss_ratio_bucket{stream=\"cam\",le=\"0.0\"}"
        ) { $0 == 0 }
        #expect((lossy ?? -1) >= 0, "Prometheus did not answer the loss query")
        // The wrong password above, and only it.
        let failed = try await Self.waitForQuery(api, "camstream_failed_logins_total{protocol=\"http\"}") { $0 == 1 }
        #expect(failed == 1)
        // Prometheus' latest sample against the binary's own count now: behind by at most a few scrapes' frames.
        let scrapedCount = try await Self.waitForQuery(api, "camstream_frames_encoded_total{stream=\"cam\"}") { $0 > 0 } ?? 0
        let direct = try await Self.fetch("http://127.0.0.1:\(ports + 1)/metrics", user: "scraper:s3cret")
        let ownCount = Self.sample("camstream_frames_encoded_total{stream=\"cam\"}", in: direct.body) ?? 0
        #expect(scrapedCount <= ownCount && ownCount - scrapedCount <= 60, "Prometheus \(scrapedCount), camstream \(ownCount)")
        let gone = try await Self.waitForQuery(api, "camstream_viewers{stream=\"cam\",transport=\"udp\"}") { $0 == 0 }
        #expect(gone == 0)
        await ffmpeg.stop()
        print(
            "Prometheus: up=\(scraped ?? -1), frames encoded \(encoded ?? -1), udp viewers \(playing ?? -1) while ffmpeg played and \(gone ?? -1) after, RTP packets sent \(sent ?? -1), receiver reports \(reports ?? -1) (\(lossy ?? -1) reporting loss), failed logins \(failed ?? -1), frames encoded \(scrapedCount) in Prometheus against \(ownCount) in camstream a moment later"
        )
        await prometheus.stop()
        #expect(await camstream.stop() == 0)
    }

    /// Asks Prometheus `query` until its first result's value satisfies `condition` (20 s at most): the value,
    /// or the last one seen.
    static func waitForQuery(_ api: String, _ query: String, until condition: (Double) -> Bool) async throws -> Double? {
        var last: Double?
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let result = try await Subprocess.run(
                "curl", ["-s", "--max-time", "5", "--get", "--data-urlencode", "query=\(query)", api], timeout: .seconds(10))
            if let value = Self.firstValue(result.stdout) {
                last = value
                if condition(value) { return value }
            }
            try await Task.sleep(for: .milliseconds(200))  // polling Prometheus with a deadline, not waiting a guessed time
        }
        return last
    }

    /// `{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[time,"1"]}]}}` → 1.
    static func firstValue(_ json: Data) -> Double? {
        guard let document = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
            let data = document["data"] as? [String: Any], let results = data["result"] as? [[String: Any]],
            let value = results.first?["value"] as? [Any], value.count == 2, let text = value[1] as? String
        else { return nil }
        return Double(text)
    }
}
