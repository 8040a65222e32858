/// The `Accept` header of a DESCRIBE: the description formats a client can read. A server that can produce none
/// of them answers `406 Not Acceptable` rather than sending SDP the client cannot parse.
///
/// Media ranges are matched as in HTTP: `type/subtype`, `type/*` or `*/*`, case-insensitively, with parameters
/// ignored except `q=0`, which rules a type out.
///
/// Specification: RFC 2326 §12.1, RFC 2616 §14.1
public struct AcceptHeader: Sendable, Hashable {
    /// One media range and whether its quality is above zero.
    public struct MediaRange: Sendable, Hashable {
        public var type: String
        public var subtype: String
        public var isRefused: Bool
    }

    public var ranges: [MediaRange]

    /// Parses every `Accept` value of a request. Elements without a `/` are ignored, as HTTP servers do.
    public init(values: [String]) {
        ranges = values.flatMap { value in
            Substring(value).split(separator: ",").compactMap { element -> MediaRange? in
                let parameters = element.split(separator: ";").map { HeaderSyntax.trimmed($0) }
                guard let mediaRange = parameters.first else { return nil }
                let parts = mediaRange.split(separator: "/", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                let refused = parameters.dropFirst().contains { parameter in
                    let (key, value) = HeaderSyntax.keyValue(parameter)
                    guard HeaderSyntax.equalsIgnoringASCIICase(key, "q"), let value else { return false }
                    return value.utf8.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
                }
                return MediaRange(type: parts[0].lowercased(), subtype: parts[1].lowercased(), isRefused: refused)
            }
        }
    }

    /// Whether `type/subtype` (e.g. `application/sdp`) is acceptable: the most specific matching range decides.
    public func accepts(type: String, subtype: String) -> Bool {
        let type = type.lowercased()
        let subtype = subtype.lowercased()
        let exact = ranges.filter { $0.type == type && $0.subtype == subtype }
        let partial = ranges.filter { $0.type == type && $0.subtype == "*" }
        let any = ranges.filter { $0.type == "*" && $0.subtype == "*" }
        for matches in [exact, partial, any] where !matches.isEmpty {
            return matches.contains { !$0.isRefused }
        }
        return false
    }
}
