/// Why a request's bytes are not a document ONVIF reads: each says what was wrong, for the fault and the log line.
public enum XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case malformed(String)
    /// A `<!DOCTYPE`: SOAP forbids one (SOAP 1.2 Part 1 §5), and refusing it shuts out entity expansion and DTDs.
    case documentTypeDeclaration
    case tooDeep(limit: Int)
    case tooManyElements(limit: Int)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): "document of \(bytes) bytes is over the limit of \(limit)"
        case .malformed(let reason): "not well-formed XML: \(reason)"
        case .documentTypeDeclaration: "document has a DOCTYPE, which SOAP does not allow"
        case .tooDeep(let limit): "elements nest deeper than \(limit)"
        case .tooManyElements(let limit): "more than \(limit) elements"
        }
    }
}
