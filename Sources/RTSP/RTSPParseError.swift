/// Why bytes from the peer could not be understood, and which status to answer with.
///
/// A server that cannot parse a request still owes the client a response (with the CSeq if it got that far),
/// so the error carries the status rather than leaving every caller to map reasons to codes: 400 for malformed
/// syntax, 413 when the head or body exceeds the parser's limits, 414 for an over-long request line,
/// 505 for an RTSP version other than 1.0. The typed headers use the same error, so a bad `Transport` or
/// `Session` value is answered the same way as a bad request line.
///
/// Specification: RFC 2326 §7.1.1, §11
public struct RTSPParseError: Error, Hashable, CustomStringConvertible {
    /// The status a server should answer with.
    public var status: RTSPStatus
    /// What was wrong, and where; meant for logs, not for the wire.
    public var reason: String
    /// The request's `CSeq` when the bytes read hold a well-formed one, for the answer to echo: clients match
    /// answers to requests by it (RFC 2326 §12.17), a refusal included.
    public var cseq: String?

    public init(status: RTSPStatus, reason: String, cseq: String? = nil) {
        self.status = status
        self.reason = reason
        self.cseq = cseq
    }

    public var description: String {
        "\(status.code) \(status.reasonPhrase): \(reason)"
    }

    static func badRequest(_ reason: String) -> RTSPParseError {
        RTSPParseError(status: .badRequest, reason: reason)
    }
}
