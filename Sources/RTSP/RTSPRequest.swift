import NIOCore

/// An RTSP request: what a client sends to the server, and occasionally what a server sends to a client
/// (`GET_PARAMETER`, `REDIRECT`, `ANNOUNCE`).
///
/// The URI is kept as the exact text of the request line: the server compares it against its own control URLs
/// and must not lose the spelling the client used (trailing slashes, `trackID=0` suffixes, `*` for `OPTIONS`).
///
/// Specification: RFC 2326 §6
public struct RTSPRequest: Sendable, Hashable {
    public var method: RTSPMethod
    /// The Request-URI: an absolute `rtsp://` URL, or `*` for requests about the server itself.
    public var uri: String
    public var headers: RTSPHeaders
    /// The message body; nil exactly when the message has no `Content-Length`.
    public var body: ByteBuffer?

    public init(method: RTSPMethod, uri: String, headers: RTSPHeaders = RTSPHeaders(), body: ByteBuffer? = nil) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// CSeq header as an integer, nil when missing or not a number.
    ///
    /// Every response must echo the request's CSeq; a request without one cannot be answered meaningfully.
    ///
    /// Specification: RFC 2326 §12.17
    public var cseq: Int? {
        headers["CSeq"].flatMap { HeaderSyntax.decimalInt(HeaderSyntax.trimmed(Substring($0))) }
    }
}
