import Testing
import X264Encoder

@testable import StreamerConfig

/// `streams.<path>.substream`: its defaults, its checks against the parent (file:line errors), its path among
/// the other streams', the users who may open it, and `--substream`.
@Suite struct SubstreamConfigTests {
    @Test func defaultsAreAQuarterOfTheStreamAtItsPathSlashSub() throws {
        let config = try ConfigLoader.decode(text: "streams:\n  cam:\n    fps: 25\n    substream: {}\n", path: "c.yml").config
        let stream = try #require(config.streams.first)
        #expect(stream.substream == SubstreamSettings(path: "cam/sub", width: 640, height: 360, fps: nil, bitrateKbps: 500))
        #expect(stream.servedPaths == ["cam", "cam/sub"])
        let encoder = try #require(stream.substreamEncoderSettings)
        #expect(
            encoder
                == EncoderSettings(width: 640, height: 360, framesPerSecond: 25, bitrateKbps: 500, preset: "ultrafast", profile: .baseline))
    }

    @Test func everyKeyIsRead() throws {
        let text = """
            streams:
              front:
                width: 1920
                height: 1080
                profile: main
                substream:
                  width: 960
                  height: 540
                  fps: 10
                  bitrate_kbps: 800
                  path: front-small
                  multicast: {group: 239.255.0.2, port: 5006}

            """
        let stream = try #require(try ConfigLoader.decode(text: text, path: "c.yml").config.streams.first)
        #expect(
            stream.substream
                == SubstreamSettings(
                    path: "front-small", width: 960, height: 540, fps: 10, bitrateKbps: 800,
                    multicast: MulticastSettings(group: "239.255.0.2", port: 5006)))
        #expect(stream.substreamEncoderSettings?.profile == .main)
        #expect(stream.substreamEncoderSettings?.keyframeInterval == 20)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var errors: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "passed-through H.264 has no picture to scale",
            yaml: "streams:\n  cam:\n    format: H264\n    substream:\n      width: 640\n",
            errors: [
                "bad.yml:5:7: error: streams.cam.substream: a camera whose own H.264 is passed through (format: H264) has no raw picture to scale for a sub-stream; remove substream, or capture a raw format such as YUYV, NV12 or MJPG and let x264 encode both"
            ]),
        Case(
            name: "larger than the stream",
            yaml: "streams:\n  cam:\n    substream:\n      width: 1920\n      height: 1081\n",
            errors: [
                "bad.yml:4:14: error: streams.cam.substream.width: expected an even width in pixels from 16 to the stream's width (1280), got 1920",
                "bad.yml:5:15: error: streams.cam.substream.height: expected an even height in pixels from 16 to the stream's height (720), got 1081",
            ]),
        Case(
            name: "the default size does not fit a small stream",
            yaml: "streams:\n  cam:\n    width: 320\n    height: 240\n    substream: {}\n",
            errors: [
                "bad.yml:5:16: error: streams.cam.substream: the sub-stream's 640x360 is larger than the stream's 320x240; set its width and height to at most the stream's"
            ]),
        Case(
            name: "faster than the capture",
            yaml: "streams:\n  cam:\n    fps: 15\n    substream:\n      fps: 30\n",
            errors: [
                "bad.yml:5:12: error: streams.cam.substream.fps: expected frames per second from 1 to the stream's fps (15), or nothing for every frame, got 30"
            ]),
        Case(
            name: "path of another stream",
            yaml: "streams:\n  cam:\n    substream:\n      path: door\n  door:\n    source: test\n",
            errors: [
                "bad.yml:4:7: error: streams.cam.substream.path: 'door' is already the path of another stream (line 5); each stream and sub-stream needs a path of its own"
            ]),
        Case(
            name: "its parent's own path",
            yaml: "streams:\n  cam:\n    substream:\n      path: /cam/\n",
            errors: [
                "bad.yml:4:7: error: streams.cam.substream.path: 'cam' is this stream's own path (line 2); each stream and sub-stream needs a path of its own"
            ]),
        Case(
            name: "two sub-streams on one path",
            yaml: "streams:\n  a:\n    substream: {path: small}\n  b:\n    substream: {path: small}\n",
            errors: [
                "bad.yml:5:17: error: streams.b.substream.path: 'small' is already the path of another stream (line 3); each stream and sub-stream needs a path of its own"
            ]),
        Case(
            name: "bad path, unknown key",
            yaml: "streams:\n  cam:\n    substream:\n      path: a b\n      bitrate: 300\n",
            errors: [
                "bad.yml:4:13: error: streams.cam.substream.path: expected a stream path of letters, digits and . _ ~ - (segments separated by /), got 'a b'",
                "bad.yml:5:7: error: streams.cam.substream.bitrate: unknown key; did you mean 'bitrate_kbps'?",
            ]),
        Case(
            name: "not a mapping",
            yaml: "streams:\n  cam:\n    substream: 640x360\n",
            errors: [
                "bad.yml:3:16: error: streams.cam.substream: expected a mapping with width, height, fps, bitrate_kbps, path and multicast (or nothing for no sub-stream), got '640x360'"
            ]),
        Case(
            name: "multicast group shared with its parent",
            yaml: "streams:\n  cam:\n    multicast: {group: 239.255.0.1}\n    substream:\n      multicast: {group: 239.255.0.1}\n",
            errors: [
                "bad.yml:3:5: error: streams.cam.substream.multicast: 239.255.0.1:5004 is already used by stream 'cam' (line 3); each stream needs its own group or port"
            ]),
    ]

    @Test(arguments: cases)
    func badSubstreamGivesExactMessages(_ testCase: Case) {
        #expect(throws: ConfigErrors.self) { try ConfigLoader.decode(text: testCase.yaml, path: "bad.yml") }
        do {
            _ = try ConfigLoader.decode(text: testCase.yaml, path: "bad.yml")
        } catch {
            #expect(error.diagnostics.map(\.description) == testCase.errors)
        }
    }

    @Test func aUserAllowedTheStreamMayOpenItsSubstream() throws {
        let text = """
            streams:
              cam: {substream: {}}
              door: {substream: {path: door-small}}
            users:
              - {name: a, password: x, streams: [cam]}
              - {name: b, password: x, streams: [door-small]}
              - {name: c, password: x}

            """
        let users = try ConfigLoader.decode(text: text, path: "c.yml").config.users
        #expect(users.map(\.streams) == [["cam", "cam/sub"], ["door-small"], nil])
    }

    @Test func substreamOptionSetsItsSize() throws {
        let overrides = [
            ConfigOverride(.streamKeyPath(["substream", "width"]), value: "320", option: "--substream"),
            ConfigOverride(.streamKeyPath(["substream", "height"]), value: "180", option: "--substream"),
            ConfigOverride(.streamPath, value: "door", option: "--path"),
        ]
        let stream = try #require(try ConfigLoader.decode(text: "", path: "c.yml", overrides: overrides).config.streams.first)
        #expect(stream.substream == SubstreamSettings(path: "door/sub", width: 320, height: 180))
        do {
            _ = try ConfigLoader.decode(
                text: "", path: "c.yml",
                overrides: [ConfigOverride(.streamKeyPath(["substream", "width"]), value: "2000", option: "--substream")])
            Issue.record("a sub-stream wider than the stream was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "command line --substream: error: streams.cam.substream.width: expected an even width in pixels from 16 to the stream's width (1280), got 2000"
                ])
        }
    }
}
