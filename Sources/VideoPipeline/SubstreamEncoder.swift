import H264
import Logging
import NIOConcurrencyHelpers
import Synchronization
import X264Encoder

#if canImport(Glibc)
    import Glibc
#endif

/// A sub-stream: the parent pipeline's captured pictures, scaled down and encoded by a second x264 on a
/// thread of its own, as an ordinary `AccessUnitSource` the server serves under the sub-stream's path.
///
/// Capture happens once, in the parent. On its capture thread the parent offers each picture; when the
/// sub-stream's encoder is free the picture is scaled (a fraction of a millisecond at 640x360) into the one
/// slot this encoder reads from, and its thread is woken. When the encoder is still busy with the last
/// picture, the new one is skipped and counted: a slow sub-encoder loses its own frames and never holds up
/// the capture thread or the main encoder. The slot is handed over with acquire/release on one atomic, so
/// exactly one thread touches the scaled picture at a time.
public final class SubstreamEncoder: AccessUnitSource, SourceStatusReporting, @unchecked Sendable {
    // @unchecked: `scaler`, `slotCaptureTime` and `decimator` belong to the capture thread while the slot is
    // empty and `encoder` to the sub-stream's thread; `slotFull` hands them over. The rest is atomic or locked.
    public let parameterSets: ParameterSets
    public let description: String
    public let settings: EncoderSettings

    private let logger: Logger
    private let loop = CaptureLoop()
    private let scaler: PictureScaler
    private var encoder: X264Encoder
    private var encoderLayout = RawPicture.Layout.i420
    private var decimator: FrameRateDecimator
    /// Whether the slot holds a scaled picture the encoder has not taken yet.
    private let slotFull = Atomic<Bool>(false)
    private var slotPicture: RawPicture?
    private var slotCaptureTime: UInt64 = 0
    private let isRunning = Atomic<Bool>(false)
    private let wakeup: UnsafeMutablePointer<sem_t>
    /// Pictures offered while the encoder was still busy with the previous one.
    private let busySkips = Atomic<Int>(0)
    private let framesEncoded = Atomic<Int>(0)
    private let ended = NIOLockedValueBox<(@Sendable (String) -> Void)?>(nil)

    /// - Parameters:
    ///   - settings: the sub-stream's size, rate and bitrate (`StreamSettings.substreamEncoderSettings`).
    ///   - captureRate: the parent's frame rate, to take frames evenly when the sub-stream's is lower.
    ///   - parentDescription: for the status page and logs ("scaled from …").
    public init(settings: EncoderSettings, captureRate: Int, parentDescription: String, logger: Logger) throws {
        self.settings = settings
        self.encoder = try X264Encoder(settings: settings, inputLayout: .i420)
        self.parameterSets = encoder.parameterSets
        self.scaler = PictureScaler(width: settings.width, height: settings.height)
        self.decimator = FrameRateDecimator(framesPerSecond: settings.framesPerSecond < captureRate ? settings.framesPerSecond : nil)
        self.description = "\(settings.width)x\(settings.height) at \(settings.framesPerSecond) fps, scaled from \(parentDescription)"
        self.logger = logger
        wakeup = .allocate(capacity: 1)
        sem_init(wakeup, 0, 0)
        logger.info(
            "sub-stream encoder opened",
            metadata: [
                "encoder.size": "\(settings.width)x\(settings.height)", "encoder.fps": "\(settings.framesPerSecond)",
                "encoder.bitrate_kbps": "\(settings.bitrateKbps)", "encoder.profile": "\(settings.profile.rawValue)",
                "encoder.preset": "\(settings.preset)", "encoder.keyint": "\(settings.keyframeInterval)",
            ])
    }

    deinit {
        sem_destroy(wakeup)
        wakeup.deallocate()
    }

    /// The sub-stream's encoder settings; "drops" are the pictures skipped while its encoder was busy.
    public var status: SourceStatus {
        SourceStatus(pixelFormat: "scaled", encoderSettings: settings.statusSummary, captureDrops: busySkips.load(ordering: .relaxed))
    }

    /// Pictures offered while the encoder was busy, and frames encoded: for the tests and the bench.
    public var skippedWhileBusy: Int { busySkips.load(ordering: .relaxed) }
    public var encodedFrames: Int { framesEncoded.load(ordering: .relaxed) }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        try start(deliver: deliver, ended: { _ in })
    }

    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        self.ended.withLockedValue { $0 = ended }
        try loop.start(name: "substream") { [self] in run(deliver: deliver) }
        isRunning.store(true, ordering: .releasing)
    }

    public func requestKeyframe() {
        loop.requestKeyframe()
    }

    public func stop() {
        isRunning.store(false, ordering: .releasing)
        loop.stop(waking: { sem_post(wakeup) })
    }

    // MARK: - The capture thread's side

    /// On the parent's capture thread: takes the picture if this sub-stream's encoder is free and the frame is
    /// due at the sub-stream's rate; otherwise returns at once.
    func offer(_ picture: RawPicture, width: Int, height: Int, captureTime: UInt64) {
        guard isRunning.load(ordering: .acquiring), decimator.admits(captureTime: captureTime) else { return }
        guard !slotFull.load(ordering: .acquiring) else {
            busySkips.add(1, ordering: .relaxed)
            return
        }
        guard let scaled = scaler.scale(picture, sourceWidth: width, sourceHeight: height) else { return }
        slotPicture = scaled
        slotCaptureTime = captureTime
        slotFull.store(true, ordering: .releasing)
        sem_post(wakeup)
    }

    /// The parent stream ended for good (its encoder failed, its camera is gone): so does this one.
    func parentEnded(reason: String) {
        ended.withLockedValue { $0 }?("the stream it is scaled from ended (\(reason))")
    }

    // MARK: - The sub-stream's thread

    private func run(deliver: @Sendable (AccessUnit) -> Void) {
        while !loop.isStopping {
            while sem_wait(wakeup) != 0, errno == EINTR {}
            guard !loop.isStopping, slotFull.load(ordering: .acquiring), let picture = slotPicture else { continue }
            do {
                if picture.layout != encoderLayout {
                    // Same settings, so the same SPS/PPS: only how x264 reads its input changes.
                    encoder = try X264Encoder(settings: settings, inputLayout: picture.layout)
                    encoderLayout = picture.layout
                }
                // x264 copies the picture into its own frame, so the slot is free once encode returns.
                let accessUnit = try encoder.encode(picture, captureTime: slotCaptureTime, forceIDR: loop.takeKeyframeRequest())
                slotFull.store(false, ordering: .releasing)
                framesEncoded.add(1, ordering: .relaxed)
                if let accessUnit { deliver(accessUnit) }
            } catch {
                isRunning.store(false, ordering: .releasing)
                EncoderFailure.report(error, framesEncoded: framesEncoded.load(ordering: .relaxed), logger: logger) { reason in
                    ended.withLockedValue { $0 }?(reason)
                }
                return
            }
        }
    }
}
