import Logging
import X264Encoder

extension EncoderSettings {
    /// The settings in one line for the status page, e.g. "baseline, preset ultrafast, 30 fps, 2000 kbit/s, keyint 60".
    var statusSummary: String {
        "\(profile.rawValue), preset \(preset), \(framesPerSecond) fps, \(bitrateKbps) kbit/s, keyint \(keyframeInterval)"
    }

    /// The settings as the "encoder opened" log line carries them.
    var logMetadata: Logger.Metadata {
        [
            "encoder.size": "\(width)x\(height)", "encoder.fps": "\(framesPerSecond)", "encoder.bitrate_kbps": "\(bitrateKbps)",
            "encoder.profile": "\(profile.rawValue)", "encoder.preset": "\(preset)", "encoder.keyint": "\(keyframeInterval)",
        ]
    }
}
