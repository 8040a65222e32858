import Testing

@testable import StreamerConfig

/// Command-line options override the file, and are held to the same rules with the same kind of message.
@Suite struct ConfigOverrideTests {
    static let file = """
        server:
          rtsp_port: 8555
          rtp_port_range: 40000-40199
        streams:
          front:
            source: test
            width: 640
            height: 480
            fps: 25
        log:
          level: warning

        """

    @Test func optionsReplaceTheFilesValues() throws {
        let overrides = [
            ConfigOverride(.key(["server", "rtsp_port"]), value: "0", option: "--port"),
            ConfigOverride(.key(["server", "rtp_port_range"]), value: "42000-42099", option: "--rtp-ports"),
            ConfigOverride(.key(["server", "max_viewers"]), value: "10", option: "--max-viewers"),
            ConfigOverride(.key(["server", "max_connections_per_address"]), value: "5", option: "--max-connections-per-address"),
            ConfigOverride(.key(["server", "max_sessions_per_address"]), value: "3", option: "--max-sessions-per-address"),
            ConfigOverride(.key(["server", "public_address"]), value: "203.0.113.7", option: "--public-address"),
            ConfigOverride(.key(["log", "level"]), value: "debug", option: "--log-level"),
            ConfigOverride(.streamKey("width"), value: "320", option: "--size"),
            ConfigOverride(.streamKey("height"), value: "240", option: "--size"),
            ConfigOverride(.streamKey("profile"), value: "high", option: "--profile"),
            ConfigOverride(.streamPath, value: "door", option: "--path"),
        ]
        let config = try ConfigLoader.decode(text: Self.file, path: "camstream.yml", overrides: overrides).config
        #expect(config.server.rtspPort == 0)
        #expect(config.server.rtpPortRange == 42000...42099)
        #expect(config.server.maxViewers == 10)
        #expect(config.server.maxConnectionsPerAddress == 5)
        #expect(config.server.maxSessionsPerAddress == 3)
        #expect(config.server.publicAddress == "203.0.113.7")
        #expect(config.log.level == .debug)
        #expect(config.streams.count == 1)
        let stream = config.streams[0]
        #expect(stream.path == "door")
        #expect(stream.source == .test)
        #expect(stream.width == 320 && stream.height == 240)
        #expect(stream.fps == 25, "a value no option names stays as the file says")
        #expect(stream.profile == .high)
    }

    @Test func optionsWithoutAFileChangeTheDefaultStream() throws {
        let overrides = [
            ConfigOverride(.streamKey("fps"), value: "15", option: "--fps"),
            ConfigOverride(.streamPath, value: "live/main", option: "--path"),
        ]
        let config = try ConfigLoader.decode(text: "", path: "none.yml", overrides: overrides).config
        #expect(config.streams.map(\.path) == ["live/main"])
        #expect(config.streams[0].fps == 15)
        #expect(config.streams[0].width == 1280)
    }

    @Test func aBadOptionIsReportedWithTheFilesErrors() {
        let text = "streams:\n  cam:\n    height: 7\n"
        let overrides = [
            ConfigOverride(.streamKey("fps"), value: "500", option: "--fps"),
            ConfigOverride(.key(["server", "bind"]), value: "eth0", option: "--bind"),
        ]
        #expect {
            try ConfigLoader.decode(text: text, path: "camstream.yml", overrides: overrides)
        } throws: { error in
            (error as? ConfigErrors)?.diagnostics.map(\.description) == [
                "command line --bind: error: server.bind: expected an IP address to listen on, such as :: (every address), 0.0.0.0 (every IPv4 address) or 192.168.1.20, got 'eth0'",
                "command line --fps: error: streams.cam.fps: expected frames per second from 1 to 240, got 500",
                "camstream.yml:3:13: error: streams.cam.height: expected an even height in pixels from 16 to 4320, got 7",
            ]
        }
    }

    @Test func aStreamOptionNeedsASingleStream() {
        let text = "streams:\n  front: {source: test}\n  back: {source: test}\n"
        #expect {
            try ConfigLoader.decode(
                text: text, path: "camstream.yml", overrides: [ConfigOverride(.streamKey("fps"), value: "10", option: "--fps")])
        } throws: { error in
            (error as? ConfigErrors)?.diagnostics.map(\.description) == [
                "command line --fps: error: streams.*: applies to a single stream, but the config defines 2 (front, back); set it under streams.<path> in the file instead"
            ]
        }
    }

    @Test func anOptionCanMakeTheFilesRangeTooSmall() {
        #expect {
            try ConfigLoader.decode(
                text: "server:\n  max_viewers: 50\n", path: "camstream.yml",
                overrides: [ConfigOverride(.key(["server", "rtp_port_range"]), value: "42000-42009", option: "--rtp-ports")])
        } throws: { error in
            (error as? ConfigErrors)?.diagnostics.map(\.description) == [
                "command line --rtp-ports: error: server.rtp_port_range: 42000-42009 holds 5 RTP/RTCP port pairs, fewer than max_viewers (50): each UDP viewer takes a pair; widen the range to at least 100 ports or lower max_viewers"
            ]
        }
    }
}
