/// Why the encoder could not open or encode; each case names the setting or call at fault.
public enum X264EncoderError: Error, Hashable, CustomStringConvertible {
    case unknownPreset(String)
    case invalidSettings(String)
    case openFailed(width: Int, height: Int)
    case encodeFailed(code: Int32)
    case pictureLayoutMismatch(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .unknownPreset(let name):
            "x264 has no preset '\(name)' (one of: \(EncoderSettings.presets.joined(separator: ", ")))"
        case .invalidSettings(let reason):
            "encoder settings rejected: \(reason)"
        case .openFailed(let width, let height):
            "x264_encoder_open failed for \(width)x\(height)"
        case .encodeFailed(let code):
            "x264_encoder_encode returned \(code): libx264 could not encode the picture"
        case .pictureLayoutMismatch(let expected, let got):
            "picture has \(got) planes, the encoder's layout needs \(expected)"
        }
    }
}
