import X264Encoder

/// `substream:` of a stream: a second, smaller encoding of the same capture, served as a stream of its own.
///
/// Recorders and detectors (Frigate's `detect` role, an NVR's grid view) want a small picture beside the full
/// one; a second camera open would fight the first for the device, so the one captured frame is scaled (libyuv)
/// and given to a second x264 encoder. The sub-stream is an ordinary stream under its own path: DESCRIBE,
/// `/api/status`, `/metrics`, the live page and ONVIF's profiles all see it, and it keeps the link to its
/// parent (`StreamSettings.path`) for the places that show the pair.
public struct SubstreamSettings: Sendable, Hashable {
    /// `path`: where viewers open it; default `<parent path>/sub` (`rtsp://<board>:8554/cam/sub`).
    public var path: String
    /// `width`, `height`: the scaled picture, even, no larger than the parent's. 640x360 is a quarter of 720p,
    /// which is what Frigate's detect role reads at most.
    public var width: Int
    public var height: Int
    /// `fps`: at most the parent's; `nil` encodes every captured frame. Fewer frames are taken evenly.
    public var fps: Int?
    /// `bitrate_kbps`: 500 kbit/s carries 640x360 at 30 fps cleanly with baseline x264.
    public var bitrateKbps: Int
    /// `multicast`: the sub-stream's own group; `nil` for unicast only.
    public var multicast: MulticastSettings?

    public static let defaultWidth = 640
    public static let defaultHeight = 360
    public static let defaultBitrateKbps = 500

    /// `cam` → `cam/sub`.
    public static func defaultPath(parent: String) -> String { "\(parent)/sub" }

    public init(
        path: String, width: Int = defaultWidth, height: Int = defaultHeight, fps: Int? = nil,
        bitrateKbps: Int = defaultBitrateKbps, multicast: MulticastSettings? = nil
    ) {
        self.path = path
        self.width = width
        self.height = height
        self.fps = fps
        self.bitrateKbps = bitrateKbps
        self.multicast = multicast
    }
}

extension StreamSettings {
    /// The sub-stream's encoder: its own size, rate and bitrate; the parent's preset, profile and threads, so the
    /// two decode alike; a scheduled IDR every two seconds of its own frames (joiners get one at once anyway).
    public var substreamEncoderSettings: EncoderSettings? {
        guard let substream else { return nil }
        return EncoderSettings(
            width: substream.width, height: substream.height, framesPerSecond: substream.fps ?? fps,
            bitrateKbps: substream.bitrateKbps, keyframeInterval: nil, preset: preset, profile: profile, threads: threads)
    }
}

extension StreamSettings {
    /// The paths this entry serves: its own, and its sub-stream's.
    public var servedPaths: [String] {
        [path] + (substream.map { [$0.path] } ?? [])
    }
}

extension UserSettings {
    /// A user who may open a stream may open its sub-stream: it is the same camera, smaller.
    func grantingSubstreams(of streams: [StreamSettings]) -> UserSettings {
        guard var allowed = streams.isEmpty ? nil : self.streams else { return self }
        for stream in streams where allowed.contains(stream.path) {
            if let substream = stream.substream, !allowed.contains(substream.path) { allowed.append(substream.path) }
        }
        var user = self
        user.streams = allowed
        return user
    }
}
