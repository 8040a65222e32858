/// How the encoder trades quality for latency. Defaults are the low-latency live-camera choices:
/// every frame leaves the encoder as soon as it is encoded, with no B-frames and no lookahead.
public struct EncoderSettings: Sendable, Hashable {
    /// H.264 profile: baseline decodes everywhere (and is what the benchmark peer uses);
    /// main and high buy compression with CABAC and 8x8 transforms.
    public enum Profile: String, Sendable, Hashable, CaseIterable {
        case baseline, main, high
    }

    public var width: Int
    public var height: Int
    public var framesPerSecond: Int
    /// Target and maximum bitrate: the VBV makes it CBR-like, so a viewer's link need only carry this rate.
    public var bitrateKbps: Int
    /// Frames between scheduled IDRs. Viewers that join get an IDR on demand, so this only bounds
    /// how long a lost packet can corrupt the picture; default is two seconds of frames.
    public var keyframeInterval: Int
    /// An x264 preset name; ultrafast keeps a 720p frame near 3 ms on one core.
    public var preset: String
    public var profile: Profile
    /// Encoder threads; 0 lets x264 choose. Threads split each frame into slices (sliced threads),
    /// never into frames in flight, because frame threads add a frame of delay per thread.
    public var threads: Int

    public init(
        width: Int = 1280,
        height: Int = 720,
        framesPerSecond: Int = 30,
        bitrateKbps: Int = 2000,
        keyframeInterval: Int? = nil,
        preset: String = "ultrafast",
        profile: Profile = .baseline,
        threads: Int = 0
    ) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bitrateKbps = bitrateKbps
        self.keyframeInterval = keyframeInterval ?? 2 * framesPerSecond
        self.preset = preset
        self.profile = profile
        self.threads = threads
    }

    /// x264's own preset names, so a typo is caught before the encoder opens.
    public static let presets = [
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo",
    ]
}
