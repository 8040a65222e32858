import Foundation
import Testing
import V4L2Capture

@testable import StreamerConfig

/// The shipped example is the documentation of every key, so it must say exactly what camstream does
/// without it (mediamtx's TestDefaultConfFile idea).
@Suite struct ExampleConfigTests {
    static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/camstream.yml").path

    @Test func exampleFileEqualsTheBuiltInDefaults() throws {
        let loaded = try ConfigLoader.load(path: Self.examplePath)
        #expect(loaded.config == CamstreamConfig.defaults)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.file == Self.examplePath)
    }

    @Test func exampleFileDocumentsEveryKey() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        let keys =
            ConfigDecoder.sections + ConfigDecoder.serverKeys + ConfigDecoder.streamKeys + ConfigDecoder.multicastKeys
            + ConfigDecoder.pushKeys + ConfigDecoder.substreamKeys
            + ConfigDecoder.userKeys + ["level"] + ConfigDecoder.onvifKeys
        for key in keys {
            #expect(text.contains("\(key):"), "the example does not mention \(key)")
        }
    }

    @Test func anEmptyFileMeansTheDefaults() throws {
        #expect(try ConfigLoader.decode(text: "", path: "empty.yml").config == .defaults)
        #expect(try ConfigLoader.decode(text: "# nothing but a comment\n", path: "empty.yml").config == .defaults)
        #expect(try ConfigLoader.decode(text: "server:\nstreams:\n", path: "empty.yml").config == .defaults)
    }

    @Test func aFullConfigIsTyped() throws {
        let text = """
            server:
              rtsp_port: 554
              bind: 192.168.1.20
              rtp_port_range: 40000-40099
              public_address: cam.example.org
              session_timeout: 30
              max_viewers: 20
            streams:
              /front/:
                source: /dev/v4l/by-id/usb-Logitech_C920-video-index0
                width: 1920
                height: 1080
                fps: 25
                format: MJPG
                bitrate_kbps: 4000
                keyint: 50
                preset: veryfast
                profile: high
                threads: 2
                controls:
                  auto_exposure: 1
                  exposure_time_absolute: 250
                  backlight_compensation: false
                  scene: "day"
                multicast:
                  group: 239.255.0.1
              garden:
                source: test
                multicast: {group: "ff15::1", port: 6000, ttl: 4}
            users:
              - name: viewer
                password: "0123"
              - name: guard
                password_hash: "md5:8605f80275e8c371e4384c33cf579638,sha-256:616ebb1019b5e20f1a92b2d91857cd870ce7582417744df15d4c07cbc4b25acb"
                streams: [front]
            log:
              level: debug
            """
        let config = try ConfigLoader.decode(text: text, path: "full.yml").config
        #expect(
            config.server
                == ServerSettings(
                    rtspPort: 554, bind: "192.168.1.20", rtpPortRange: 40000...40099, publicAddress: "cam.example.org", sessionTimeout: 30,
                    maxViewers: 20))
        #expect(config.server.bindAddresses == ["192.168.1.20"])
        #expect(ServerSettings().bindAddresses == ["::", "0.0.0.0"])
        #expect(config.streams.map(\.path) == ["front", "garden"])
        let front = config.streams[0]
        #expect(front.source == .device(path: "/dev/v4l/by-id/usb-Logitech_C920-video-index0"))
        #expect(
            front.encoderSettings
                == .init(
                    width: 1920, height: 1080, framesPerSecond: 25, bitrateKbps: 4000, keyframeInterval: 50, preset: "veryfast",
                    profile: .high,
                    threads: 2))
        #expect(front.format == "MJPG")
        #expect(
            front.controls == [
                ControlSetting(name: "auto_exposure", value: "1"),
                ControlSetting(name: "exposure_time_absolute", value: "250"),
                ControlSetting(name: "backlight_compensation", value: "false"), ControlSetting(name: "scene", value: "day"),
            ])
        #expect(front.multicast == MulticastSettings(group: "239.255.0.1", port: 5004, ttl: 1))
        #expect(config.streams[1].source == .test)
        #expect(config.streams[1].multicast == MulticastSettings(group: "ff15::1", port: 6000, ttl: 4))
        #expect(config.streams[1].encoderSettings.keyframeInterval == 60)
        #expect(config.users == [
            UserSettings(name: "viewer", credential: .password("0123")),
            UserSettings(name: "guard", credential: .passwordHash("md5:8605f80275e8c371e4384c33cf579638,sha-256:616ebb1019b5e20f1a92b2d91857cd870ce7582417744df15d4c07cbc4b25acb"), streams: ["front"]),
        ])
        #expect(config.log.level == .debug)
    }
}
