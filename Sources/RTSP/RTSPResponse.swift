import NIOCore

/// An RTSP response: status plus headers and an optional body (the SDP of a `DESCRIBE`, for example).
///
/// Specification: RFC 2326 §7
public struct RTSPResponse: Sendable, Hashable {
    public var status: RTSPStatus
    public var headers: RTSPHeaders
    /// The message body; nil exactly when the message has no `Content-Length`.
    public var body: ByteBuffer?

    public init(status: RTSPStatus, headers: RTSPHeaders = RTSPHeaders(), body: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// CSeq header as an integer, nil when missing or not a number; a client matches responses to requests by it.
    ///
    /// Specification: RFC 2326 §12.17
    public var cseq: Int? {
        headers["CSeq"].flatMap { HeaderSyntax.decimalInt(HeaderSyntax.trimmed(Substring($0))) }
    }
}
