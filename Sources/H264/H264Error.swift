/// Why H.264 bytes could not be understood, with the field and bit position that failed.
///
/// Parsers in this module never trap on bad input: a camera or network that sends garbage gets an error
/// a log line can quote, not a crash.
public enum H264Error: Error, Hashable, Sendable {
    /// The data ended before a field that must be present, e.g. "SPS ends inside level_idc at bit 16".
    case truncated(String)
    /// A field holds a value the standard does not allow, e.g. "SPS chroma_format_idc 7 at bit 40 exceeds 3".
    case invalid(String)
}
