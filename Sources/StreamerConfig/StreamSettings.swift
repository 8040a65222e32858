import V4L2Capture
import X264Encoder

/// One entry of `streams:`: a path viewers open, where its pictures come from, and how they are encoded.
public struct StreamSettings: Sendable, Hashable {
    /// The stream's path in `rtsp://<board>:8554/<path>`, without leading or trailing slashes.
    public var path: String
    /// `source`: `auto`, `test`, a V4L2 device path, or `libcamera[:<index or id>]`.
    public var source: VideoSourceSetting
    /// `width`, `height`: picture size in pixels, even (4:2:0 chroma halves both).
    public var width: Int
    public var height: Int
    /// `fps`: frames per second asked of the camera and the encoder.
    public var fps: Int
    /// `format`: the V4L2 pixel format (FourCC such as `YUYV`, `MJPG`, `NV12`, `H264`) to ask the camera
    /// for; `nil` lets camstream choose the one that costs least to encode.
    public var format: String?
    /// `bitrate_kbps`: target and maximum bitrate (VBV max rate; buffer = ½ s), so a viewer's link need only
    /// carry this rate.
    public var bitrateKbps: Int
    /// `keyint`: frames between scheduled IDRs; `nil` means two seconds of frames. Joining viewers get an
    /// IDR at once regardless, so this only bounds how long a lost packet can spoil the picture.
    public var keyint: Int?
    /// `preset`: an x264 preset; ultrafast keeps a 720p frame near 3 ms on one core.
    public var preset: String
    /// `profile`: baseline decodes everywhere; main and high buy compression with CABAC and 8x8 transforms.
    public var profile: EncoderSettings.Profile
    /// `threads`: encoder threads, 0 letting x264 choose; threads split a frame into slices, adding no delay.
    public var threads: Int
    /// `controls`: camera controls to set when the camera opens, in file order, because order matters
    /// (`auto_exposure` must be manual before `exposure_time_absolute` takes). V4L2 names for a V4L2 camera
    /// (`brightness`), libcamera's for a libcamera one (`AfMode`, `ExposureTime`).
    public var controls: [ControlSetting]
    /// `rotation`: 0 or 180, for a camera mounted upside down; `hflip`, `vflip`: mirror the picture. They become
    /// libcamera's orientation (the sensor's own flips, no CPU); a libcamera camera only.
    public var rotation: Int
    public var hflip: Bool
    public var vflip: Bool
    /// `multicast`: also send this stream to a multicast group; `nil` for unicast only.
    public var multicast: MulticastSettings?
    /// `push`: relays this stream is published to (RTSP RECORD); empty for none.
    public var push: [PushSettings]
    /// `substream`: a second, smaller encoding of the same capture under its own path; `nil` for none.
    public var substream: SubstreamSettings?

    public static let defaultPath = "cam"

    public init(
        path: String,
        source: VideoSourceSetting = .auto,
        width: Int = 1280,
        height: Int = 720,
        fps: Int = 30,
        format: String? = nil,
        bitrateKbps: Int = 2000,
        keyint: Int? = nil,
        preset: String = "ultrafast",
        profile: EncoderSettings.Profile = .baseline,
        threads: Int = 0,
        controls: [ControlSetting] = [],
        rotation: Int = 0,
        hflip: Bool = false,
        vflip: Bool = false,
        multicast: MulticastSettings? = nil,
        push: [PushSettings] = [],
        substream: SubstreamSettings? = nil
    ) {
        self.path = path
        self.source = source
        self.width = width
        self.height = height
        self.fps = fps
        self.format = format
        self.bitrateKbps = bitrateKbps
        self.keyint = keyint
        self.preset = preset
        self.profile = profile
        self.threads = threads
        self.controls = controls
        self.rotation = rotation
        self.hflip = hflip
        self.vflip = vflip
        self.multicast = multicast
        self.push = push
        self.substream = substream
    }

    /// What the encoder is opened with.
    public var encoderSettings: EncoderSettings {
        EncoderSettings(
            width: width, height: height, framesPerSecond: fps, bitrateKbps: bitrateKbps,
            keyframeInterval: keyint, preset: preset, profile: profile, threads: threads)
    }
}

/// `source:` of a stream.
public enum VideoSourceSetting: Sendable, Hashable, CustomStringConvertible {
    /// The first camera found, or the test pattern when there is none.
    case auto
    /// The built-in moving test pattern: a camera for benches, CI and checking a viewer's setup.
    case test
    /// A V4L2 device node: `/dev/video0`, or better a stable `/dev/v4l/by-id/…` link that survives replugging.
    case device(path: String)
    /// A camera through libcamera (a Raspberry Pi camera module): `libcamera` for the first, `libcamera:0` by
    /// index, `libcamera:<id>` by the id `camstream devices` prints. `camera` is what follows the colon, or nil.
    case libcamera(camera: String?)

    /// As written in the config file and on the command line.
    public var description: String {
        switch self {
        case .auto: "auto"
        case .test: "test"
        case .device(let path): path
        case .libcamera(let camera): camera.map { "libcamera:\($0)" } ?? "libcamera"
        }
    }
}

/// `multicast:` of a stream: one copy of the stream to a group any number of LAN viewers join.
public struct MulticastSettings: Sendable, Hashable {
    /// `group`: an IPv4 (224.0.1.0–239.255.255.255; 239.x is for private use) or IPv6 (ff00::/8) group.
    public var group: String
    /// `port`: the even RTP port; RTCP uses the next one. 5004 is RTP's registered port (RFC 3551 §8).
    public var port: Int
    /// `ttl`: router hops the packets may cross; 1 keeps them on the local network.
    public var ttl: Int

    public init(group: String, port: Int = 5004, ttl: Int = 1) {
        self.group = group
        self.port = port
        self.ttl = ttl
    }
}
