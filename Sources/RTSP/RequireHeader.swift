/// The `Require` header: option tags a client insists the server supports, e.g. `implicit-play` or
/// `com.example.feature`. A server that supports none of them must refuse with `551 Option not supported` and
/// list the ones it does not support in `Unsupported`, so a client never gets behaviour it did not agree to.
///
/// Specification: RFC 2326 §12.32, §12.41
public struct RequireHeader: Sendable, Hashable {
    /// The option tags, in the order given, trimmed; empty elements are dropped.
    public var optionTags: [String]

    public init(optionTags: [String]) {
        self.optionTags = optionTags
    }

    /// Parses every `Require` value of a request (the header may repeat, each a comma-separated list).
    public init(values: [String]) {
        optionTags = values.flatMap { value in
            Substring(value).split(separator: ",").map { String(HeaderSyntax.trimmed($0)) }.filter { !$0.isEmpty }
        }
    }

    /// The tags that `supported` does not contain (option tags compare case-sensitively, like URIs).
    public func unsupported(by supported: Set<String>) -> [String] {
        optionTags.filter { !supported.contains($0) }
    }
}
