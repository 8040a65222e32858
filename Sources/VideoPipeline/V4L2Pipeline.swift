import H264
import Logging
import NIOConcurrencyHelpers
import V4L2Capture
import X264Encoder

/// A V4L2 camera as a live H.264 source: capture, then the camera's own H.264 as it is, or
/// x264 fed straight from the capture buffer.
///
/// One capture thread owns the device. When the camera goes away (unplugged, a USB reset, a
/// driver error) the thread closes it, logs once, and reopens it with backoff; the server never
/// notices except that frames pause, and the first frame after the camera returns is an IDR, so
/// viewers keep their sessions and pick up at once. A camera missing at start is waited for the
/// same way. An encoder that fails is not the camera's fault and is not retried: the stream ends.
public final class V4L2Pipeline: AccessUnitSource, SnapshotSource, SourceStatusReporting, SubstreamFeeding, @unchecked Sendable {
    // @unchecked: the device, encoder and counters are touched only by the capture thread once
    // started (before that only by init); what other threads read is behind a lock.
    public let description: String
    public var parameterSets: ParameterSets { currentParameterSets.withLockedValue { $0 } ?? ParameterSets(sps: [], pps: []) }
    /// False only in H.264 passthrough until the camera has sent SPS and PPS (it was missing at start).
    public var hasParameterSets: Bool { currentParameterSets.withLockedValue { $0 != nil } }

    private let configuration: V4L2PipelineConfiguration
    private let logger: Logger
    private let currentParameterSets: NIOLockedValueBox<ParameterSets?>
    private let loop = CaptureLoop()
    private let liveStatus = LiveSourceStatus()
    private let snapshots = SnapshotRequests()
    private let compressor = JPEGCompressor()
    private let substreams = SubstreamTaps()
    private let metrics: PipelineMetrics?

    private var openedAtStart: V4L2Device?
    private var passthrough: Bool
    private var encoder: X264Encoder?
    private var encoderLayout = RawPicture.Layout.i420
    private var assembler = H264PassthroughAssembler()
    /// Frames x264 has encoded, for the log line if it fails.
    private var framesEncoded = 0

    /// Opens the camera and checks the configuration against it: a format, size, rate or control
    /// it cannot do is an error now, listing what it can. A camera that is not there yet is not an
    /// error: capture waits for it. Until it appears, x264 is set up for the configured picture (so
    /// DESCRIBE answers at once), except with `--format H264`, whose SPS/PPS only the camera knows:
    /// DESCRIBE then answers 503 until the camera has sent them.
    public init(configuration: V4L2PipelineConfiguration, logger: Logger, metrics: PipelineMetrics? = nil) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let settings = configuration.encoder
        var device: V4L2Device?
        do {
            device = try V4L2Device(path: configuration.devicePath, io: configuration.io)
        } catch {
            guard error.isDeviceGone else { throw error }
            logger.warning(
                configuration.forcedFormat == .h264
                    ? "camera not there yet; capture starts when it appears, and DESCRIBE answers 503 until it has sent SPS/PPS"
                    : "camera not there yet; capture starts when it appears",
                metadata: ["camera.device": "\(configuration.devicePath)", "error": "\(error)"])
        }

        var parameterSets: ParameterSets?
        var passthrough = device == nil && configuration.forcedFormat == .h264
        if let device {
            let choice = try Self.negotiate(device, configuration, allowPassthrough: !configuration.needsRawPictures)
            try Self.applyControls(device, configuration, logger: logger)
            if choice.handling == .h264Passthrough {
                passthrough = true
                parameterSets = try Self.probeParameterSets(device, choice, configuration, logger: logger)
            }
            logger.info(
                "camera opened",
                metadata: [
                    "camera.device": "\(configuration.devicePath)", "camera.format": "\(choice.fourcc)",
                    "camera.size": "\(choice.width)x\(choice.height)", "camera.fps": "\(choice.framesPerSecond)",
                    "camera.handling": "\(choice.handling)", "camera.io": "\(configuration.io)",
                ])
        }
        if !passthrough {
            let encoder = try X264Encoder(settings: settings, inputLayout: .i420)
            self.encoder = encoder
            parameterSets = encoder.parameterSets
            logger.info("encoder opened", metadata: settings.logMetadata)
        }
        // After probing, a driver may refuse a new format on the same open file (v4l2loopback
        // answers EBUSY), so passthrough starts capture on a fresh one.
        self.openedAtStart = passthrough ? nil : device
        self.passthrough = passthrough
        self.currentParameterSets = NIOLockedValueBox(parameterSets)
        self.description = "V4L2 \(configuration.devicePath) \(settings.width)x\(settings.height) at \(settings.framesPerSecond) fps"
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        try start(deliver: deliver, ended: { _ in })
    }

    /// A camera that goes away is waited for; an encoder that fails ends the stream (`ended`).
    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        try loop.start { [self] in run(deliver: deliver, ended: ended) }
    }

    public var status: SourceStatus { liveStatus.current }

    /// From the raw picture x264 is given; a camera whose own H.264 is passed through has none.
    public func requestSnapshot(width: Int?, _ completion: @escaping @Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void) {
        guard !passthrough else {
            return completion(.failure(SnapshotUnavailable("this camera sends H.264 only, and camstream passes it through without decoding it: there is no raw picture to make a JPEG of")))
        }
        snapshots.add(width: width, completion)
    }

    public func requestKeyframe() {
        loop.requestKeyframe()
    }

    public func stop() {
        loop.stop()
    }

    public func feed(_ substream: SubstreamEncoder) {
        substreams.add(substream)
    }

    // MARK: - The capture thread

    private func run(deliver: @Sendable (AccessUnit) -> Void, ended: @Sendable (String) -> Void) {
        var openedAtStart = self.openedAtStart
        self.openedAtStart = nil
        loop.keepCameraStreaming(
            camera: configuration.devicePath, cameraKey: "camera.device", logger: logger,
            isCameraGone: { ($0 as? V4L2Error)?.isDeviceGone ?? false },
            encoderFailed: { EncoderFailure.end($0, framesEncoded: framesEncoded, logger: logger, ended: ended, substreams: substreams) }
        ) { recovery in
            // Controls were set by init on the device it opened; a device opened here is new (or replugged,
            // which resets them) and gets them again.
            let device: V4L2Device
            if let opened = openedAtStart.take() {
                device = opened
            } else {
                device = try V4L2Device(path: configuration.devicePath, io: configuration.io)
                try Self.applyControls(device, configuration, logger: logger)
            }
            try stream(from: device, recovery: &recovery, deliver: deliver)
        }
    }

    /// Streams until stopped (returns) or the camera fails (throws).
    private func stream(from device: V4L2Device, recovery: inout CameraRecovery, deliver: @Sendable (AccessUnit) -> Void) throws {
        let choice = try Self.negotiate(device, configuration, allowPassthrough: passthrough)
        guard (choice.handling == .h264Passthrough) == passthrough else {
            throw V4L2Error.unsupported(
                device: device.path, asked: passthrough ? "H.264 (as when camstream started)" : "a raw format for the running encoder",
                available: CaptureFormatReport.lines(try device.captureFormats()).joined(separator: "\n"))
        }
        let format = try device.apply(choice)
        let capture = try CaptureStream(device: device, format: format, bufferCount: configuration.bufferCount)
        defer { capture.release() }
        let preparer = FramePreparer(format: format, handling: choice.handling)
        if !passthrough, encoderLayout != preparer.layout {
            // Same settings, so the same SPS/PPS: only how x264 reads its input changes.
            encoder = try X264Encoder(settings: configuration.encoder, inputLayout: preparer.layout)
            encoderLayout = preparer.layout
        }
        logger.info(
            "capture streaming",
            metadata: [
                "camera.format": "\(format.fourcc)", "camera.size": "\(format.width)x\(format.height)",
                "camera.driver_fps": "\(format.framesPerSecond.map { CaptureFormatReport.formatRate($0) } ?? "unknown")",
                "camera.handling": "\(choice.handling)", "camera.buffers": "\(configuration.bufferCount)",
            ])
        let substreams = self.substreams.current
        var statistics = CaptureStatistics()
        defer { statistics.logTotals(capture, preparer, logger: logger) }
        let encoderSettings = passthrough ? nil : configuration.encoder.statusSummary
        liveStatus.streaming(pixelFormat: "\(format.fourcc)", encoderSettings: encoderSettings)
        while !loop.isStopping {
            let frame = try capture.nextFrame(timeoutMilliseconds: configuration.frameTimeoutMilliseconds)
            defer { try? capture.requeue(frame) }
            metrics?.framesCaptured.increment(by: 1)
            if capture.delivered == 1 {
                logger.info(
                    "first frame",
                    metadata: [
                        "camera.sequence": "\(frame.sequence)",
                        "camera.timestamps": "\(frame.driverTimestamp ? "driver (CLOCK_MONOTONIC)" : "taken at dequeue")",
                    ])
            }
            recovery.frameArrived(camera: configuration.devicePath, logger: logger)
            let forceIDR = loop.takeKeyframeRequest()
            if passthrough {
                if forceIDR, !device.pressButton(id: V4L2Controls.forceKeyFrame) {
                    statistics.noteNoKeyframeButton(logger: logger)
                }
                if let accessUnit = assembler.accessUnit(from: frame.bytes, captureTime: frame.captureTime) {
                    if let sets = assembler.parameterSets {
                        let previous = currentParameterSets.withLockedValue { current in
                            defer { current = sets }
                            return current
                        }
                        if previous != sets {
                            logger.info(
                                previous == nil ? "camera sent SPS/PPS; DESCRIBE answers now" : "camera changed its SPS/PPS",
                                metadata: ["h264.profile_level_id": "\(sets.profileLevelID ?? "unknown")"])
                        }
                    }
                    deliver(accessUnit)
                }
            } else if let picture = preparer.picture(from: frame.bytes), let encoder {
                snapshots.serve(
                    picture, width: format.width, height: format.height, cameraJPEG: preparer.cameraJPEG, compressor: compressor)
                substreams.offer(picture, width: format.width, height: format.height, captureTime: frame.captureTime)
                let encode = { try encoder.encode(picture, captureTime: frame.captureTime, forceIDR: forceIDR) }
                if let accessUnit = try metrics?.timingEncode(encode) ?? encode() {
                    deliver(accessUnit)
                }
                framesEncoded += 1
            } else {
                if forceIDR { loop.requestKeyframe() }
                statistics.noteUndecodable(preparer, logger: logger)
            }
            statistics.update(capture, preparer, logger: logger)
            liveStatus.recordDrops(CaptureStatistics.losses(capture, preparer), metrics: metrics)
        }
    }

    // MARK: - Opening

    private static func negotiate(_ device: V4L2Device, _ configuration: V4L2PipelineConfiguration, allowPassthrough: Bool) throws
        -> FormatChoice
    {
        _ = try device.requireVideoCapture()
        let settings = configuration.encoder
        var formats = try device.captureFormats(sizeOfInterest: (settings.width, settings.height))
        if !allowPassthrough { formats.removeAll { $0.fourcc == .h264 } }
        return try FormatNegotiation.choose(
            from: formats,
            for: .init(
                width: settings.width, height: settings.height, framesPerSecond: settings.framesPerSecond,
                forcedFormat: configuration.forcedFormat, allowsEmulatedFormats: configuration.io == .libv4l2),
            device: device.path)
    }

    private static func applyControls(_ device: V4L2Device, _ configuration: V4L2PipelineConfiguration, logger: Logger) throws {
        for setting in configuration.controls {
            let (control, value) = try device.setControl(named: setting.name, to: setting.value)
            logger.info("control set", metadata: ["control.name": "\(control.key)", "control.value": "\(control.describe(value))"])
        }
    }

    /// Streams briefly to learn the camera's SPS and PPS, which DESCRIBE needs before any viewer plays.
    private static func probeParameterSets(
        _ device: V4L2Device, _ choice: FormatChoice, _ configuration: V4L2PipelineConfiguration, logger: Logger
    ) throws -> ParameterSets {
        let format = try device.apply(choice)
        let capture = try CaptureStream(device: device, format: format, bufferCount: configuration.bufferCount)
        defer { capture.release() }
        let hasButton = device.pressButton(id: V4L2Controls.forceKeyFrame)
        var assembler = H264PassthroughAssembler()
        for _ in 0..<300 {
            let frame = try capture.nextFrame(timeoutMilliseconds: configuration.frameTimeoutMilliseconds)
            _ = assembler.accessUnit(from: frame.bytes, captureTime: frame.captureTime)
            try capture.requeue(frame)
            if let sets = assembler.parameterSets { return sets }
        }
        throw V4L2Error.streamFailed(
            device: device.path,
            reason: "its H.264 carried no SPS/PPS in 300 frames\(hasButton ? "" : " (and it has no force-key-frame control)")")
    }
}
