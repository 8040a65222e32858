import ArgumentParser
import Logging
import NIOPosix
import ServiceLifecycle
import StreamerServer
import V4L2Capture
import VideoPipeline
import X264Encoder

/// `camstream` with no subcommand streams. Only wiring lives here: options become settings,
/// settings become a server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Stream a camera (or a test pattern) as H.264 over RTSP (the default command).",
        discussion: "Open the stream with: ffplay rtsp://HOST:8554/cam"
    )

    @Option(help: "Video source: auto, test, or a V4L2 device path such as /dev/video0.")
    var source: String = "auto"

    @Option(help: "Camera pixel format to capture, e.g. NV12, YU12, YUYV, MJPG, H264 (default: the best the camera offers).")
    var format: FourCC?

    @Option(name: .customLong("control"), help: "Set a camera control, NAME=VALUE (repeatable); see `camstream controls DEVICE`.")
    var controls: [ControlAssignment] = []

    @OptionGroup var access: DeviceAccessOptions

    @Option(help: "Picture size as WIDTHxHEIGHT.")
    var size: PictureSize = PictureSize(width: 1280, height: 720)

    @Option(help: "Frames per second.")
    var fps: Int = 30

    @Option(help: "Target bitrate in kbit/s.")
    var bitrate: Int = 2000

    @Option(help: "Frames between scheduled keyframes (default: two seconds of frames). Joining viewers get one at once regardless.")
    var keyint: Int?

    @Option(help: "H.264 profile: baseline, main or high.")
    var profile: EncoderSettings.Profile = .baseline

    @Option(help: "x264 preset, ultrafast to placebo.")
    var preset: String = "ultrafast"

    @Option(help: "Encoder threads (0: x264 decides). Threads split frames into slices, adding no delay.")
    var threads: Int = 0

    @Option(help: "RTSP port (0 picks a free one and logs it).")
    var port: Int = 8554

    @Option(help: "Stream path: rtsp://HOST:PORT/PATH.")
    var path: String = "cam"

    @Option(help: "Server RTP/RTCP UDP ports, as FIRST-LAST.")
    var rtpPorts: PortRange = PortRange(range: 50000...50999)

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (1...240).contains(fps) else { throw ValidationError("--fps must be between 1 and 240, got \(fps)") }
        guard (16...100_000).contains(bitrate) else { throw ValidationError("--bitrate must be between 16 and 100000 kbit/s, got \(bitrate)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard EncoderSettings.presets.contains(preset) else {
            throw ValidationError("--preset must be one of \(EncoderSettings.presets.joined(separator: ", ")), got '\(preset)'")
        }
        if let keyint, keyint < 1 { throw ValidationError("--keyint must be at least 1, got \(keyint)") }
        guard !path.isEmpty, !path.contains(where: { $0 == "?" || $0 == "#" || $0 == " " }) else {
            throw ValidationError("--path must be a non-empty URL path without spaces, '?' or '#', got '\(path)'")
        }
    }

    func run() async throws {
        let logLevel = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "camstream")
        let streamPath = path.split(separator: "/").joined(separator: "/")

        let settings = EncoderSettings(
            width: size.width, height: size.height, framesPerSecond: fps, bitrateKbps: bitrate,
            keyframeInterval: keyint, preset: preset, profile: profile, threads: threads)
        let videoSource = try SourceSelection.open(
            source, settings: settings,
            camera: .init(forcedFormat: format, controls: controls.map(\.setting), io: access.v4l2IO.io),
            logger: Logger(label: "camstream.capture"))

        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let port = port
        let server = try RTSPServer(
            configuration: ServerConfiguration(
                rtspPort: port, rtpPortRange: rtpPorts.range,
                streams: [.init(path: streamPath, source: videoSource)]),
            eventLoop: eventLoopGroup.next(),
            logger: Logger(label: "camstream.rtsp"),
            onListening: { address in
                for url in ViewerURLs.urls(port: address.port ?? port, path: streamPath, boundTo: address) {
                    logger.info("viewers can open \(url)")
                }
            })
        let group = ServiceGroup(
            configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await eventLoopGroup.shutdownGracefully()
            throw error
        }
        try await eventLoopGroup.shutdownGracefully()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension EncoderSettings.Profile: ExpressibleByArgument {}
