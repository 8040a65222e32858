import ArgumentParser
import StreamerConfig
import V4L2Capture

/// `--config` and the options that override the config file for one run, shared by every subcommand
/// so that `check-config` and `doctor` judge exactly what `serve` would run.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Config file. Default: \(CamstreamConfig.defaultPath), or built-in defaults when it does not exist.")
    var config: String?

    @Option(help: "Video source: auto, test, a V4L2 device path such as /dev/video0, or libcamera[:<index or id>]. (streams.<path>.source; default auto)")
    var source: String?

    @Option(help: "Camera pixel format to capture, e.g. NV12, YU12, YUYV, MJPG, H264. (format; default: the best the camera offers)")
    var format: String?

    @Option(name: .customLong("control"), help: "Set a camera control, NAME=VALUE (repeatable); see `camstream controls DEVICE`. (controls)")
    var controls: [ControlSetting] = []

    @Option(help: "Picture size as WIDTHxHEIGHT. (width, height; default 1280x720)")
    var size: PictureSize?

    @Option(help: "Also serve a sub-stream, the same capture scaled to WIDTHxHEIGHT, at PATH/sub. (substream.width, substream.height; default none)")
    var substream: PictureSize?

    @Option(help: "Frames per second. (fps; default 30)")
    var fps: Int?

    @Option(help: "Target bitrate in kbit/s. (bitrate_kbps; default 2000)")
    var bitrate: Int?

    @Option(help: "Frames between scheduled keyframes; joining viewers get one at once regardless. (keyint; default 2 s of frames)")
    var keyint: Int?

    @Option(help: "H.264 profile: baseline, main or high. (profile; default baseline)")
    var profile: String?

    @Option(help: "x264 preset, ultrafast to placebo. (preset; default ultrafast)")
    var preset: String?

    @Option(help: "Turn a libcamera camera's picture: 0 or 180, for a camera mounted upside down. (rotation; default 0)")
    var rotation: Int?

    @Option(help: "Mirror a libcamera camera's picture left to right: true or false. (hflip; default false)")
    var hflip: Bool?

    @Option(help: "Mirror a libcamera camera's picture top to bottom: true or false. (vflip; default false)")
    var vflip: Bool?

    @Option(help: "Encoder threads (0: x264 decides); threads split frames into slices, adding no delay. (threads; default 0)")
    var threads: Int?

    @Option(help: "Stream path: rtsp://HOST:PORT/PATH. (the key under streams; default cam)")
    var path: String?

    @Option(help: "RTSP port; 0 picks a free one and logs it. (server.rtsp_port; default 8554)")
    var port: Int?

    @Option(help: "Address to listen on; :: is every address. (server.bind; default ::)")
    var bind: String?

    @Option(help: "Server RTP/RTCP UDP ports as FIRST-LAST, what a NAT router forwards. (server.rtp_port_range; default 50000-50999)")
    var rtpPorts: String?

    @Option(help: "Behind NAT: the address or DNS name viewers outside reach this camera at. (server.public_address)")
    var publicAddress: String?

    @Option(help: "Viewers served at once; each UDP viewer takes a port pair. (server.max_viewers; default 100)")
    var maxViewers: Int?

    @Option(help: "RTSP connections one address may hold at once. (server.max_connections_per_address; default 32)")
    var maxConnectionsPerAddress: Int?

    @Option(help: "TCP port for the browser page, snapshots, status and metrics; 0 turns HTTP off. (server.http_port; default 8080)")
    var httpPort: Int?

    @Option(help: "Sessions one address may hold at once, over all its connections. (server.max_sessions_per_address; default 8)")
    var maxSessionsPerAddress: Int?

    @Option(help: "Seconds a session lives without a request or RTCP from its client. (server.session_timeout; default 60)")
    var sessionTimeout: Int?

    @Option(help: "Multicast group for viewers that ask for multicast, e.g. 239.255.0.1. (streams.<path>.multicast.group)")
    var multicastGroup: String?

    @Option(help: "Multicast RTP port, even; RTCP uses the next one. (streams.<path>.multicast.port; default 5004)")
    var multicastPort: Int?

    @Option(help: "Multicast time-to-live in router hops. (streams.<path>.multicast.ttl; default 1)")
    var multicastTTL: Int?

    @Option(help: "Push the stream to a relay that accepts RTSP RECORD, e.g. rtsp://user:pass@relay.example:8554/garden. (streams.<path>.push)")
    var push: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (log.level; default info)")
    var logLevel: String?

    @Option(help: "ONVIF and WS-Discovery for recorders: true or false. (onvif.enabled; default true)")
    var onvif: String?

    @Option(help: "The name recorders show for this camera. (onvif.name; default the host name)")
    var onvifName: String?

    /// The options given, as overrides of the keys they stand for.
    var overrides: [ConfigOverride] {
        var overrides: [ConfigOverride] = []
        func add(_ target: ConfigOverride.Target, _ value: (some CustomStringConvertible)?, _ option: String) {
            if let value { overrides.append(ConfigOverride(target, value: value.description, option: option)) }
        }
        add(.key(["server", "rtsp_port"]), port, "--port")
        add(.key(["server", "http_port"]), httpPort, "--http-port")
        add(.key(["server", "bind"]), bind, "--bind")
        add(.key(["server", "rtp_port_range"]), rtpPorts, "--rtp-ports")
        add(.key(["server", "public_address"]), publicAddress, "--public-address")
        add(.key(["server", "max_viewers"]), maxViewers, "--max-viewers")
        add(.key(["server", "max_connections_per_address"]), maxConnectionsPerAddress, "--max-connections-per-address")
        add(.key(["server", "max_sessions_per_address"]), maxSessionsPerAddress, "--max-sessions-per-address")
        add(.key(["server", "session_timeout"]), sessionTimeout, "--session-timeout")
        add(.streamKeyPath(["multicast", "group"]), multicastGroup, "--multicast-group")
        add(.streamKeyPath(["multicast", "port"]), multicastPort, "--multicast-port")
        add(.streamKeyPath(["multicast", "ttl"]), multicastTTL, "--multicast-ttl")
        add(.streamKey("push"), push, "--push")
        add(.key(["log", "level"]), logLevel, "--log-level")
        add(.key(["onvif", "enabled"]), onvif, "--onvif")
        add(.key(["onvif", "name"]), onvifName, "--onvif-name")
        add(.streamKey("source"), source, "--source")
        add(.streamKey("width"), size?.width, "--size")
        add(.streamKey("height"), size?.height, "--size")
        add(.streamKey("fps"), fps, "--fps")
        add(.streamKeyPath(["substream", "width"]), substream?.width, "--substream")
        add(.streamKeyPath(["substream", "height"]), substream?.height, "--substream")
        add(.streamKey("format"), format, "--format")
        for control in controls { add(.streamKeyPath(["controls", control.name]), control.value, "--control") }
        add(.streamKey("bitrate_kbps"), bitrate, "--bitrate")
        add(.streamKey("keyint"), keyint, "--keyint")
        add(.streamKey("profile"), profile, "--profile")
        add(.streamKey("preset"), preset, "--preset")
        add(.streamKey("threads"), threads, "--threads")
        add(.streamKey("rotation"), rotation, "--rotation")
        add(.streamKey("hflip"), hflip, "--hflip")
        add(.streamKey("vflip"), vflip, "--vflip")
        add(.streamPath, path, "--path")
        return overrides
    }

    /// The configuration to run with. Errors are printed, every one, to standard error, and the command
    /// exits with EX_CONFIG (78), which the systemd unit does not restart on: a bad file needs a person.
    func load() throws -> ConfigLoader.Loaded {
        do {
            return try ConfigLoader.load(path: config, overrides: overrides)
        } catch {
            for diagnostic in error.diagnostics { StandardError.write("\(diagnostic)\n") }
            let count = error.diagnostics.count
            StandardError.write("camstream: \(count) error\(count == 1 ? "" : "s") in the configuration; nothing was started\n")
            throw ExitCode(Self.configErrorStatus)
        }
    }

    /// sysexits.h EX_CONFIG.
    static let configErrorStatus: Int32 = 78
}
