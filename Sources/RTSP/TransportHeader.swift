/// The `Transport` header: the transports a client can accept, in order of preference, or the one a server chose.
///
/// A client may offer several (`RTP/AVP;multicast;...,RTP/AVP;unicast;...`); the server picks the first it
/// supports and answers with exactly one. Each element is a `TransportSpec`.
///
/// Specification: RFC 2326 §12.39
public struct TransportHeader: Sendable, Hashable {
    public var specs: [TransportSpec]

    public init(specs: [TransportSpec]) {
        self.specs = specs
    }

    /// Parses a comma-separated list of transports. Commas inside quoted values do not split, and empty elements
    /// (a trailing comma) are skipped; a header with no transport at all is an error.
    public init(parsing text: String) throws(RTSPParseError) {
        var specs: [TransportSpec] = []
        for element in try HeaderSyntax.split(Substring(text), separator: UInt8(ascii: ","), header: "Transport") {
            let trimmed = HeaderSyntax.trimmed(element)
            if trimmed.isEmpty { continue }
            specs.append(try TransportSpec(parsing: trimmed))
        }
        guard !specs.isEmpty else { throw .badRequest("Transport: no transport given") }
        self.specs = specs
    }

    /// Canonical form of every spec, joined by `,`.
    public var rendered: String {
        specs.map(\.rendered).joined(separator: ",")
    }
}
