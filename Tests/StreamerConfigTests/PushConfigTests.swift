import RTSPClient
import Testing

@testable import StreamerConfig

/// `push:` as a list of targets, as one URL, and as `--push`; credentials from the URL, `user:` + `password:`
/// or `password_file:`.
@Suite struct PushConfigTests {
    @Test func targetsAreTyped() throws {
        let text = """
            streams:
              cam:
                push:
                  - url: rtsp://cam:pw@relay.example:8554/garden
                  - url: rtsp://cloud.example/live/cam
                    user: publisher
                    password_file: /etc/camstream/relay-password
                    transport: udp
            """
        let push = try ConfigLoader.decode(text: text, path: "push.yml").config.streams[0].push
        #expect(
            push == [
                PushSettings(url: RTSPURL(host: "relay.example", port: 8554, path: "/garden", user: "cam", password: "pw")),
                PushSettings(
                    url: RTSPURL(host: "cloud.example", path: "/live/cam"), user: "publisher",
                    password: .file("/etc/camstream/relay-password"),
                    transport: .udp),
            ])
        #expect(push[1].resolvedURL(passwordFileContent: "s3cret\nignored\n").password == "s3cret")
        #expect(push[1].resolvedURL(passwordFileContent: "s3cret\n").user == "publisher")
    }

    @Test func oneURLAndTheCommandLineOption() throws {
        let file = try ConfigLoader.decode(text: "streams:\n  cam:\n    push: rtsp://relay.example/x\n", path: "push.yml")
        #expect(file.config.streams[0].push == [PushSettings(url: RTSPURL(host: "relay.example", path: "/x"))])
        let option = try ConfigLoader.decode(
            text: "", path: "empty.yml",
            overrides: [ConfigOverride(.streamKey("push"), value: "rtsp://relay.example:9000/y", option: "--push")])
        #expect(option.config.streams[0].push == [PushSettings(url: RTSPURL(host: "relay.example", port: 9000, path: "/y"))])
    }

    @Test func noPushByDefault() {
        #expect(CamstreamConfig.defaults.streams[0].push.isEmpty)
    }
}
