/// The `Session` header: which server-side session a request belongs to, and how long the server keeps an idle
/// session alive.
///
/// The server names the session in its `SETUP` response (`Session: 4F2A9C1B;timeout=60`) and the client repeats
/// the id on every later request. The timeout tells clients how often to send a keep-alive (`GET_PARAMETER`, or
/// RTCP receiver reports); clients that ignore it assume 60 seconds.
///
/// Specification: RFC 2326 §12.37, §3.4
public struct SessionHeader: Sendable, Hashable {
    /// Opaque session identifier, compared exactly (it is case-sensitive and leading zeros matter).
    public var id: String
    /// Seconds of inactivity after which the server may tear the session down; nil means the default of 60.
    public var timeout: Int?

    public init(id: String, timeout: Int? = nil) {
        self.id = id
        self.timeout = timeout
    }

    /// Parses `id[;timeout=N]` with white space anywhere between tokens and the parameter name in any case.
    /// Unknown parameters are ignored; an empty id, an id with white space or separators in it, or a timeout that
    /// is not a non-negative integer is an error.
    public init(parsing text: String) throws(RTSPParseError) {
        let parts = Substring(text).split(separator: ";", omittingEmptySubsequences: false)
        let id = HeaderSyntax.trimmed(parts.first ?? "")
        guard !id.isEmpty, id.utf8.allSatisfy(Self.isSessionIDCharacter) else {
            throw .badRequest("Session: invalid session id '\(id.prefix(64))'")
        }
        self.id = String(id)
        self.timeout = nil
        for parameter in parts.dropFirst() {
            let (key, value) = HeaderSyntax.keyValue(parameter)
            guard HeaderSyntax.equalsIgnoringASCIICase(key, "timeout") else { continue }
            guard let value, let seconds = HeaderSyntax.decimal(value, as: UInt32.self) else {
                throw .badRequest("Session: invalid timeout '\(parameter.prefix(64))'")
            }
            timeout = Int(seconds)
        }
    }

    /// `id` or `id;timeout=N`.
    public var rendered: String {
        guard let timeout else { return id }
        return "\(id);timeout=\(timeout)"
    }

    /// RFC 2326 §3.4 allows `ALPHA | DIGIT | safe` with safe = `$-_.+`; servers in the field also use other visible
    /// characters, so this accepts any visible ASCII that cannot confuse the header syntax.
    private static func isSessionIDCharacter(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
            && byte != UInt8(ascii: "\"")
    }
}
