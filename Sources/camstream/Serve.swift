import ArgumentParser
import Glibc
import Logging
import NIOPosix
import ServiceLifecycle
import StreamerConfig
import StreamerServer
import SystemdSupport
import V4L2Capture
import VideoPipeline

/// `camstream` with no subcommand streams. Only wiring lives here: the config (file, then options)
/// becomes settings, settings become sources and a server, and systemd is told how it goes.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Stream a camera (or a test pattern) as H.264 over RTSP (the default command).",
        discussion: "Open the stream with: ffplay rtsp://HOST:8554/cam"
    )

    @OptionGroup var options: ConfigOptions

    @OptionGroup var access: DeviceAccessOptions

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.")
    }

    func run() async throws {
        let loaded = try options.load()
        let config = loaded.config
        let systemd = SystemdEnvironment(variables: ProcessEnvironment.systemdVariables(), processID: getpid())
        LogOutput.bootstrap(level: config.log.level, systemd: systemd)
        let logger = Logger(label: "camstream")
        if let file = loaded.file {
            logger.info("config: \(file)")
        } else {
            logger.info("config: \(CamstreamConfig.defaultPath) does not exist; running on built-in defaults")
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        if config.users.isEmpty, !config.server.bindAddresses.allSatisfy(Self.isLoopback) {
            logger.warning(
                "NO USERS ARE CONFIGURED: anyone who can reach port \(config.server.rtspPort)\(config.server.httpPort == 0 ? "" : " or \(config.server.httpPort)") can watch. Add users: to the config (camstream hash-password NAME makes a password_hash), or bind to 127.0.0.1")
        }

        // Password files first: a missing one is a configuration error, found before any camera opens.
        var push: [String: [PushTarget]] = [:]
        do {
            for stream in config.streams {
                push[stream.path] = try stream.push.map { target in
                    PushTarget(url: try PushPasswordFile.resolvedURL(target), transport: target.transport == .udp ? .udp : .tcp)
                }
            }
        } catch {
            logger.critical("\(error); nothing was started")
            throw ExitCode(ConfigOptions.configErrorStatus)
        }

        // Made before the sources, which count their frames into it; served at /metrics.
        let metrics = ServerMetrics()
        var streams: [ServerConfiguration.Stream] = []
        for stream in config.streams {
            let camera = SourceSelection.CameraOptions(
                forcedFormat: try stream.format.map { try FourCC($0.uppercased() == "I420" ? "YU12" : $0) },
                controls: stream.controls,
                io: access.v4l2IO.io,
                rotation: stream.rotation, hflip: stream.hflip, vflip: stream.vflip,
                needsRawPictures: stream.substream != nil)
            // Each line about a source (an encoder that failed, a camera that went) names its stream.
            var captureLogger = Logger(label: "camstream.capture")
            captureLogger[metadataKey: "stream.path"] = "\(stream.path)"
            let source = try SourceSelection.open(
                stream.source.description, settings: stream.encoderSettings, camera: camera, logger: captureLogger,
                metrics: PipelineMetrics(metrics.stream(stream.path)))
            let multicast = stream.multicast.map { MulticastGroup(address: $0.group, rtpPort: $0.port, ttl: $0.ttl) }
            let encoding = ServerConfiguration.StreamEncoding(
                framesPerSecond: stream.fps, bitrateKbps: stream.bitrateKbps, keyframeInterval: stream.encoderSettings.keyframeInterval)
            streams.append(
                .init(path: stream.path, source: source, multicast: multicast, push: push[stream.path] ?? [], encoding: encoding))
            if let substream = try SubstreamWiring.open(stream, feeding: source) { streams.append(substream) }
        }

        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = eventLoopGroup.next()
        let notifier = SystemdNotification.service(for: systemd, eventLoop: eventLoop, logger: Logger(label: "camstream.systemd"))
        var serverConfiguration = ServerConfiguration(config.server, streams: streams, users: config.users)
        serverConfiguration.softwareVersion = Camstream.version
        if config.onvif.enabled, serverConfiguration.httpPort != nil {
            serverConfiguration.onvif = .init(config.onvif, version: Camstream.version)
        }
        serverConfiguration.metrics = metrics
        let server = try RTSPServer(
            configuration: serverConfiguration,
            eventLoop: eventLoop,
            logger: Logger(label: "camstream.rtsp"),
            onListening: { address in
                let urls = ServingURLs(config: config, listeningOn: address)
                for url in urls.local { logger.info("viewers can open \(url)") }
                for url in urls.outside { logger.info("viewers outside can open \(url) (through the router's forwarded ports)") }
                notifier?.ready(status: urls.status)
            },
            onFailing: { reason in notifier?.failing(status: "Failed: \(reason)") },
            onHTTPListening: { address in
                for url in ViewerURLs.pageURLs(port: address.port ?? config.server.httpPort, boundTo: address) {
                    logger.info("browsers can open \(url)")
                }
            })
        let services: [any Service] = [server] + (notifier.map { [$0] } ?? [])
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch ServerError.allStreamsEnded {
            // The server has said why in its critical line; a second "Error: …" from the argument parser adds nothing.
            try? await eventLoopGroup.shutdownGracefully()
            throw ExitCode.failure
        } catch {
            try? await eventLoopGroup.shutdownGracefully()
            throw error
        }
        try await eventLoopGroup.shutdownGracefully()
    }
}
