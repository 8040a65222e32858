/// The `Range` header in Normal Play Time: which part of the presentation to play, or which part is playing.
///
/// A live camera has no timeline to seek in: clients send `npt=0.000-` or `npt=now-` (or nothing) on `PLAY`, and
/// the server answers with the range it is actually serving. Only the `npt` unit is modelled; `smpte` and `clock`
/// ranges are reported as 501 Not Implemented so the server can decide to ignore the header.
///
/// Specification: RFC 2326 §12.29, §3.6
public struct RangeHeader: Sendable, Hashable {
    /// A position in Normal Play Time.
    public enum Time: Sendable, Hashable {
        /// The live edge ("now"), for live events.
        case now
        /// Seconds from the start of the presentation.
        case seconds(Double)
    }

    /// Where playback starts; nil only for the open-start form `npt=-20`.
    public var start: Time?
    /// Where playback ends; nil means "to the end" (or indefinitely, for live).
    public var end: Time?
    /// The `time=` parameter: wall-clock UTC time (`19970123T153600Z`) at which the operation takes effect, kept
    /// as received.
    public var time: String?

    public init(start: Time? = .seconds(0), end: Time? = nil, time: String? = nil) {
        self.start = start
        self.end = end
        self.time = time
    }

    /// Parses `npt=start-[end]` or `npt=-end`, where a time is `now`, seconds (`12`, `12.5`) or `h:mm:ss[.frac]`.
    /// White space and the unit's case are tolerated.
    public init(parsing text: String) throws(RTSPParseError) {
        let parts = Substring(text).split(separator: ";", omittingEmptySubsequences: false)
        let (unit, value) = HeaderSyntax.keyValue(parts.first ?? "")
        guard let value else {
            throw .badRequest("Range: expected 'npt=start-end', got '\(text.prefix(64))'")
        }
        guard HeaderSyntax.equalsIgnoringASCIICase(unit, "npt") else {
            throw RTSPParseError(
                status: .notImplemented,
                reason: "Range: unit '\(unit.prefix(16))' is not supported, only npt"
            )
        }
        let bounds = value.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2 else {
            throw .badRequest("Range: expected 'npt=start-end', got '\(text.prefix(64))'")
        }
        let startText = HeaderSyntax.trimmed(bounds[0])
        let endText = HeaderSyntax.trimmed(bounds[1])
        guard !(startText.isEmpty && endText.isEmpty) else {
            throw .badRequest("Range: neither start nor end in '\(text.prefix(64))'")
        }
        self.start = startText.isEmpty ? nil : try Self.parseTime(startText)
        self.end = endText.isEmpty ? nil : try Self.parseTime(endText)
        self.time = nil
        for parameter in parts.dropFirst() {
            let (key, value) = HeaderSyntax.keyValue(parameter)
            guard HeaderSyntax.equalsIgnoringASCIICase(key, "time"), let value, !value.isEmpty else { continue }
            guard !value.utf8.contains(UInt8(ascii: "\"")) else {
                throw .badRequest("Range: stray quote in time '\(value.prefix(32))'")
            }
            time = String(value)
        }
    }

    /// `npt=0.000-`, `npt=now-`, `npt=10.000-20.500`, `npt=-20.000`, with `;time=...` when set. Seconds are
    /// written with three decimals (millisecond precision), the form ffmpeg and live555 send.
    public var rendered: String {
        var result = "npt=" + (start.map(Self.render) ?? "") + "-" + (end.map(Self.render) ?? "")
        if let time { result += ";time=\(time)" }
        return result
    }

    /// The longest presentation time accepted, about 31 700 years: keeps every conversion to an integer in range.
    private static let maxSeconds = 1e12

    private static func parseTime(_ text: Substring) throws(RTSPParseError) -> Time {
        if HeaderSyntax.equalsIgnoringASCIICase(text, "now") { return .now }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        switch fields.count {
        case 1:
            return .seconds(try seconds(fields[0], whole: text))
        case 3:
            // npt-hhmmss: hours unbounded, minutes and seconds two digits below 60.
            guard let hours = HeaderSyntax.decimal(fields[0], as: UInt32.self),
                fields[1].utf8.count == 2, let minutes = HeaderSyntax.decimal(fields[1], as: UInt8.self),
                minutes < 60
            else { throw invalidTime(text) }
            let secondsPart = try seconds(fields[2], whole: text)
            guard secondsPart < 60, fields[2].utf8.prefix(while: HeaderSyntax.isDigit).count == 2 else {
                throw invalidTime(text)
            }
            // Hours are unbounded in the grammar; past `maxSeconds` the time would render as a number no parser
            // takes back (found by NumericFieldBoundaryTests with 4294967295:59:00).
            let total = Double(hours) * 3600 + Double(minutes) * 60 + secondsPart
            guard total <= maxSeconds else { throw invalidTime(text) }
            return .seconds(total)
        default:
            throw invalidTime(text)
        }
    }

    /// `1*DIGIT [ "." *DIGIT ]`; validated by hand because `Double("inf")`, `Double("1e9")` and `Double("0x1p3")`
    /// all succeed.
    private static func seconds(_ text: Substring, whole: Substring) throws(RTSPParseError) -> Double {
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        // 13 digits hold `maxSeconds` itself, which is what the largest time renders as.
        guard let integer = pieces.first, !integer.isEmpty, integer.utf8.count <= 13,
            integer.utf8.allSatisfy(HeaderSyntax.isDigit),
            pieces.count == 1 || pieces[1].utf8.allSatisfy(HeaderSyntax.isDigit)
        else { throw invalidTime(whole) }
        let fraction = pieces.count == 2 && !pieces[1].isEmpty ? "." + pieces[1].prefix(9) : ""
        guard let value = Double(integer + fraction), value <= maxSeconds else { throw invalidTime(whole) }
        return value
    }

    private static func invalidTime(_ text: Substring) -> RTSPParseError {
        .badRequest("Range: invalid npt time '\(text.prefix(32))'")
    }

    private static func render(_ time: Time) -> String {
        switch time {
        case .now:
            return "now"
        case .seconds(let seconds):
            // Clamped so that a NaN or out-of-range value built in code cannot trap in the Int conversion.
            let clamped = seconds.isFinite ? min(max(seconds, 0), maxSeconds) : 0
            let milliseconds = Int((clamped * 1000).rounded())
            let fraction = String(milliseconds % 1000)
            return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        }
    }
}
