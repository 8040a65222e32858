import H264
import LibcameraCapture
import Logging
import X264Encoder

/// A libcamera camera (a Raspberry Pi camera module; vimc in the tests) as a live H.264 source:
/// frames from libcamera's own buffers into x264, each buffer requeued once encoded.
///
/// libcamera itself runs in a child process (`LibcameraCaptureProcess`), because libcamera 0.0.3
/// aborts the process it runs in when a camera's device vanishes; its buffers are mapped here, so
/// frames still reach x264 without a copy.
///
/// It behaves as `V4L2Pipeline` does: one capture thread owns the camera; when the camera goes
/// (disconnected, a failed request, the child dying, or no frame within the timeout, which is how
/// a camera that vanished without libcamera hearing of it shows) the thread ends the child, logs
/// once, and starts a new one with the same backoff, whose fresh camera manager finds a camera
/// that came back; the first frame after that is an IDR and viewers keep their sessions. Capture
/// time is the request's SensorTimestamp, so RTP timestamps and sender reports mean the moment of
/// exposure.
public final class LibcameraPipeline: AccessUnitSource, SnapshotSource, SourceStatusReporting, SubstreamFeeding, @unchecked Sendable {
    // @unchecked: the stream, encoder and counters are touched only by the capture thread once
    // started (before that only by init); what other threads read is behind a lock.
    public let description: String
    public let parameterSets: ParameterSets

    private let configuration: LibcameraPipelineConfiguration
    private let logger: Logger
    private let metrics: PipelineMetrics?
    private let loop = CaptureLoop()
    private let liveStatus = LiveSourceStatus()
    private let snapshots = SnapshotRequests()
    private let substreams = SubstreamTaps()
    private let compressor = JPEGCompressor()

    private var openedAtStart: LibcameraCaptureProcess?
    private var encoder: X264Encoder
    private var encoderLayout = RawPicture.Layout.i420
    private var framesEncoded = 0

    /// Opens the camera and checks the configuration against it: a size it cannot deliver or a
    /// control it does not have is an error now, saying what it has. A camera that is not there
    /// yet is not an error: capture waits for it.
    public init(configuration: LibcameraPipelineConfiguration, logger: Logger, metrics: PipelineMetrics? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        let settings = configuration.encoder
        do {
            openedAtStart = try Self.open(configuration, logger: logger)
        } catch let error as LibcameraError where error.isCameraGone {
            logger.warning(
                "camera not there yet; capture starts when it appears",
                metadata: ["camera.libcamera": "\(configuration.camera)", "error": "\(error)"])
        }
        encoder = try X264Encoder(settings: settings, inputLayout: .i420)
        parameterSets = encoder.parameterSets
        logger.info("encoder opened", metadata: settings.logMetadata)
        description = "\(configuration.camera) \(settings.width)x\(settings.height) at \(settings.framesPerSecond) fps"
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        try start(deliver: deliver, ended: { _ in })
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        try loop.start { [self] in run(deliver: deliver, ended: ended) }
    }

    public var status: SourceStatus { liveStatus.current }

    public func requestSnapshot(width: Int?, _ completion: @escaping @Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void) {
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
        var opened = openedAtStart
        openedAtStart = nil
        loop.keepCameraStreaming(
            camera: "\(configuration.camera)", cameraKey: "camera.libcamera", logger: logger,
            isCameraGone: { ($0 as? LibcameraError)?.isCameraGone ?? false },
            encoderFailed: { EncoderFailure.end($0, framesEncoded: framesEncoded, logger: logger, ended: ended, substreams: substreams) }
        ) { recovery in
            // A failed attempt drops its stream, which ends its capture process: the next one enumerates cameras afresh.
            let stream = try opened.take() ?? Self.open(configuration, logger: logger)
            try self.stream(from: stream, recovery: &recovery, deliver: deliver)
        }
    }

    /// Streams until stopped (returns) or the camera fails (throws).
    private func stream(from stream: LibcameraCaptureProcess, recovery: inout CameraRecovery, deliver: @Sendable (AccessUnit) -> Void) throws {
        let preparer = LibcameraFramePreparer(format: stream.pixelFormat, width: stream.width, height: stream.height, stride: stream.stride)
        if encoderLayout != preparer.layout {
            // Same settings, so the same SPS/PPS: only how x264 reads its input changes.
            encoder = try X264Encoder(settings: configuration.encoder, inputLayout: preparer.layout)
            encoderLayout = preparer.layout
        }
        logger.info(
            "capture streaming",
            metadata: [
                "camera.libcamera": "\(stream.cameraID)", "camera.model": "\(stream.model)",
                "camera.format": "\(stream.pixelFormat)", "camera.size": "\(stream.width)x\(stream.height)",
                "camera.stride": "\(stream.stride)", "camera.buffers": "\(stream.bufferCount)",
            ])
        liveStatus.streaming(pixelFormat: "\(stream.pixelFormat)", encoderSettings: configuration.encoder.statusSummary)
        var delivered = 0
        var skipped = 0
        var paced = 0
        var pacer = FramePacer(framesPerSecond: configuration.encoder.framesPerSecond)
        defer {
            logger.info(
                "capture stopped",
                metadata: [
                    "capture.frames": "\(delivered)", "capture.skipped_stale": "\(skipped)", "capture.paced": "\(paced)",
                    "capture.corrupted": "\(preparer.shortFrames)", "capture.bytes_copied": "\(preparer.bytesCopied)",
                ])
        }
        let feeding = substreams.current
        while !loop.isStopping {
            let frame = try stream.nextFrame(timeoutMilliseconds: configuration.frameTimeoutMilliseconds)
            defer { stream.requeue(frame) }
            delivered += 1
            skipped += frame.skipped
            metrics?.framesCaptured.increment(by: 1)
            if delivered == 1 {
                logger.info(
                    "first frame",
                    metadata: [
                        "camera.sequence": "\(frame.sequence)", "camera.timestamps": "SensorTimestamp (CLOCK_MONOTONIC)",
                        "camera.metadata": "\(stream.firstFrameMetadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
                    ])
            }
            recovery.frameArrived(camera: stream.cameraID, logger: logger)
            guard pacer.take(at: frame.sensorTimestamp) else {
                paced += 1
                continue
            }
            let forceIDR = loop.takeKeyframeRequest()
            if let picture = preparer.picture(from: frame) {
                snapshots.serve(picture, width: stream.width, height: stream.height, compressor: compressor)
                let captureTime = UInt64(clamping: frame.sensorTimestamp)
                feeding.offer(picture, width: stream.width, height: stream.height, captureTime: captureTime)
                let encode = { try self.encoder.encode(picture, captureTime: captureTime, forceIDR: forceIDR) }
                if let accessUnit = try metrics?.timingEncode(encode) ?? encode() {
                    deliver(accessUnit)
                }
                framesEncoded += 1
            } else if forceIDR {
                loop.requestKeyframe()
            }
            liveStatus.recordDrops(skipped + preparer.shortFrames, metrics: metrics)
        }
    }

    // MARK: - Opening

    /// A capture process with the camera open, its stream configured and its controls set.
    private static func open(_ configuration: LibcameraPipelineConfiguration, logger: Logger) throws -> LibcameraCaptureProcess {
        let stream = try LibcameraCaptureProcess(
            executable: configuration.captureExecutable, camera: configuration.camera, settings: configuration.streamSettings,
            controls: configuration.controls)
        for control in stream.controls {
            logger.info("control set", metadata: ["control.name": "\(control.name)", "control.value": "\(control.value)"])
        }
        logger.info(
            "camera opened",
            metadata: [
                "camera.libcamera": "\(stream.cameraID)", "camera.model": "\(stream.model)", "camera.format": "\(stream.pixelFormat)",
                "camera.size": "\(stream.width)x\(stream.height)", "camera.fps": "\(configuration.encoder.framesPerSecond)",
            ])
        return stream
    }
}
