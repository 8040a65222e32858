import ArgumentParser
import StreamerConfig

/// `camstream check-config`: validates the config (and any overriding options) exactly as `serve` would,
/// without opening a camera or a port, so a change can be checked while the service keeps running.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the config file without starting anything; exits 78 (EX_CONFIG) if camstream would refuse it.",
        discussion: "Every error is listed as FILE:LINE:COLUMN: error: KEY: what was expected."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let loaded = try options.load()
        let file = loaded.file ?? CamstreamConfig.defaultPath
        for warning in loaded.warnings { StandardError.write("\(warning)\n") }
        if loaded.file == nil {
            print("\(file) does not exist: camstream runs on its built-in defaults, which are valid")
        } else {
            print("\(file): valid")
        }
        print(ConfigSummary.lines(loaded.config).joined(separator: "\n"))
    }
}

/// The effective configuration in a few lines, for `check-config`.
enum ConfigSummary {
    static func lines(_ config: CamstreamConfig) -> [String] {
        let server = config.server
        var lines = [
            "  server: RTSP on TCP \(server.rtspPort) (bind \(server.bind)), RTP/RTCP from UDP \(server.rtpPortRange.lowerBound)-\(server.rtpPortRange.upperBound), up to \(server.maxViewers) viewers, session timeout \(server.sessionTimeout) s",
            "  public address: \(server.publicAddress ?? "none (needed only behind NAT; camstream doctor explains)")",
        ]
        for stream in config.streams {
            let settings = stream.encoderSettings
            var line = "  stream \(stream.path): source \(stream.source), \(stream.width)x\(stream.height) at \(stream.fps) fps"
            line +=
                ", \(stream.bitrateKbps) kbit/s, keyframe every \(settings.keyframeInterval) frames, \(stream.profile.rawValue), \(stream.preset)"
            if let format = stream.format { line += ", format \(format)" }
            if !stream.controls.isEmpty { line += ", controls " + stream.controls.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
            if let multicast = stream.multicast { line += ", multicast \(multicast.group):\(multicast.port) ttl \(multicast.ttl)" }
            for target in stream.push {
                var described = "\(target.resolvedURL().redacted) over \(target.transport.rawValue)"
                if case .file(let file) = target.password { described += ", password from \(file)" }
                line += ", pushed to \(described)"
            }
            lines.append(line)
        }
        lines.append(
            config.users.isEmpty
                ? "  users: none (anyone who reaches the RTSP port can watch)"
                : "  users: "
                    + config.users.map { user in user.name + (user.streams.map { " (\($0.joined(separator: ", ")))" } ?? "") }.joined(
                        separator: ", "))
        lines.append("  log: \(config.log.level)")
        let onvif = config.onvif
        lines.append(
            !onvif.enabled
                ? "  onvif: off"
                : server.httpPort == 0
                    ? "  onvif: off (it needs the HTTP port, and http_port is 0)"
                    : "  onvif: device service on HTTP \(server.httpPort) /onvif/device_service, WS-Discovery on UDP 3702 as '\(onvif.name ?? "the host name")'"
        )
        return lines
    }
}
