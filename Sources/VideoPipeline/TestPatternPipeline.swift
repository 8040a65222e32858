import H264
import Logging
import TestPattern
import X264Encoder

/// The test pattern, encoded live by x264: camstream's source when there is no camera.
///
/// One capture thread renders a frame on each tick of the frame clock, encodes it at once and
/// hands the access unit on, so a frame's age on delivery is just its encode time.
public final class TestPatternPipeline: AccessUnitSource, SnapshotSource, SourceStatusReporting, SubstreamFeeding, @unchecked Sendable {
    // @unchecked: `encoder` and `frames` are touched only by the capture thread once started;
    // everything shared across threads is in `loop`.
    public let parameterSets: ParameterSets
    public let description: String
    /// The test pattern is drawn in I420 and never drops a frame before the encoder.
    public let status: SourceStatus

    private let encoder: X264Encoder
    private let frames: TestPatternSource
    private let logger: Logger
    private let loop = CaptureLoop()
    private let snapshots = SnapshotRequests()
    private let compressor = JPEGCompressor()
    private let substreams = SubstreamTaps()
    private let metrics: PipelineMetrics?

    public init(settings: EncoderSettings, logger: Logger, metrics: PipelineMetrics? = nil) throws {
        self.metrics = metrics
        self.encoder = try X264Encoder(settings: settings, inputLayout: .i420)
        self.frames = TestPatternSource(width: settings.width, height: settings.height, framesPerSecond: settings.framesPerSecond)
        self.parameterSets = encoder.parameterSets
        self.description = "test pattern \(settings.width)x\(settings.height) at \(settings.framesPerSecond) fps"
        self.logger = logger
        self.status = SourceStatus(pixelFormat: "I420", encoderSettings: settings.statusSummary, captureDrops: 0)
        logger.info("encoder opened", metadata: settings.logMetadata)
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        try start(deliver: deliver, ended: { _ in })
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        try loop.start { [self] in run(deliver: deliver, ended: ended) }
    }

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

    private func run(deliver: @Sendable (AccessUnit) -> Void, ended: @Sendable (String) -> Void) {
        var encoded = 0
        let substreams = self.substreams.current
        while !loop.isStopping {
            let captureTime = frames.nextFrame()
            metrics?.framesCaptured.increment(by: 1)
            let planes = frames.renderer.planes
            let picture = RawPicture(
                layout: .i420, planes: [planes.y, planes.u, planes.v],
                strides: [planes.strides.0, planes.strides.1, planes.strides.2])
            snapshots.serve(picture, width: frames.renderer.width, height: frames.renderer.height, compressor: compressor)
            substreams.offer(picture, width: frames.renderer.width, height: frames.renderer.height, captureTime: captureTime)
            let forceIDR = loop.takeKeyframeRequest()
            do {
                let encode = { try self.encoder.encode(picture, captureTime: captureTime, forceIDR: forceIDR) }
                if let accessUnit = try metrics?.timingEncode(encode) ?? encode() {
                    deliver(accessUnit)
                }
                encoded += 1
            } catch {
                EncoderFailure.end(error, framesEncoded: encoded, logger: logger, ended: ended, substreams: self.substreams)
                return
            }
        }
    }
}
