import NIOCore

/// Incremental parser for one direction of an RTSP connection: requests (server side) or responses (client side),
/// and interleaved binary frames mixed between them.
///
/// Bytes arrive in arbitrary pieces, so the parser is a state machine that returns nil ("need more bytes") until
/// a whole message is in; that is never an error. Like a NIO `ByteToMessageDecoder`, it consumes exactly the bytes
/// of the message it returns and leaves the rest in the caller's buffer, which the caller keeps (accumulating new
/// reads after it) and passes again. So pipelined messages come out one per call, a decoder may return
/// `.continue` while bytes remain, and feeding a stream byte-at-a-time or all-at-once yields the same messages.
/// Bytes already looked at are remembered, so a head arriving one byte per read is scanned once, not once per read.
///
/// Input is untrusted, so every size is bounded: the start line and headers may not exceed
/// `Limits.maxStartLineAndHeaderBytes` (checked as bytes arrive, without waiting for the blank line, so the
/// caller's buffer stays bounded too), the number of fields `maxHeaderCount`, and a `Content-Length`
/// `maxBodyBytes`. An interleaved frame is bounded by its 16-bit length field. After an error the connection is
/// out of step, so the parser keeps throwing the same error; the server answers with `RTSPParseError.status` and
/// closes.
///
/// Tolerated, because real clients send them: bare LF line ends, empty lines before a message, header names in
/// any case, white space around values, folded (continued) header lines as in the RFC 2326 §14 examples.
///
/// Specification: RFC 2326 §4, §6, §7, §10.12; RFC 2616 §4.1
public struct RTSPMessageParser: Sendable {
    /// Bounds on what one message may make the parser, and its caller, hold.
    public struct Limits: Sendable, Hashable {
        /// Request/status line plus headers plus the blank line. 8 KiB is the common HTTP server default; a VLC
        /// `SETUP` is about 250 bytes and a `DESCRIBE` with Digest credentials about 600.
        public var maxStartLineAndHeaderBytes: Int = 8192
        /// Header fields per message, counting repeats; real clients send fewer than 15.
        public var maxHeaderCount: Int = 64
        /// Largest accepted `Content-Length`. 64 KiB holds any SDP or `SET_PARAMETER` body by far.
        public var maxBodyBytes: Int = 65536

        public init(maxStartLineAndHeaderBytes: Int = 8192, maxHeaderCount: Int = 64, maxBodyBytes: Int = 65536) {
            self.maxStartLineAndHeaderBytes = maxStartLineAndHeaderBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
        }
    }

    private enum Head: Sendable {
        case request(RTSPMethod, uri: String, headers: RTSPHeaders)
        case response(RTSPStatus, headers: RTSPHeaders)

        var headers: RTSPHeaders {
            switch self {
            case .request(_, _, let headers), .response(_, let headers): headers
            }
        }

        func message(body: ByteBuffer?) -> RTSPMessage {
            switch self {
            case .request(let method, let uri, let headers):
                .request(RTSPRequest(method: method, uri: uri, headers: headers, body: body))
            case .response(let status, let headers):
                .response(RTSPResponse(status: status, headers: headers, body: body))
            }
        }
    }

    private enum State: Sendable {
        /// Looking for the end of a start line + headers; the first `scanned` readable bytes of the caller's
        /// buffer are known not to complete it.
        case awaitingHead(scanned: Int)
        /// Head consumed and parsed; waiting for `length` body bytes.
        case awaitingBody(Head, length: Int)
        /// The stream is out of step; every later call rethrows.
        case failed(RTSPParseError)
    }

    public let limits: Limits
    private var state: State = .awaitingHead(scanned: 0)

    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// True when no message is partly consumed. At connection close, this and an empty buffer mean nothing was
    /// cut off; a head parsed while its body never arrived shows up here, not in the buffer.
    public var isAtMessageBoundary: Bool {
        if case .awaitingHead(scanned: 0) = state { return true }
        return false
    }

    /// Consumes the bytes of the next complete message from `buffer` (its reader index advances past them) and
    /// returns it, or returns nil when more bytes are needed. Bytes not consumed stay in `buffer`; pass them again,
    /// with newly read bytes appended, on the next call.
    ///
    /// - Throws: `RTSPParseError` on malformed or over-limit input, and again on every later call.
    public mutating func next(from buffer: inout ByteBuffer) throws(RTSPParseError) -> RTSPMessage? {
        do throws(RTSPParseError) {
            return try parseNext(from: &buffer)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func parseNext(from buffer: inout ByteBuffer) throws(RTSPParseError) -> RTSPMessage? {
        while true {
            switch state {
            case .failed(let error):
                throw error

            case .awaitingBody(let head, let length):
                guard let body = buffer.readSlice(length: length) else { return nil }
                state = .awaitingHead(scanned: 0)
                return head.message(body: body)

            case .awaitingHead(let scanned):
                if scanned == 0 {
                    Self.skipEmptyLines(&buffer)
                    guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
                    if first == HeaderSyntax.dollar { return Self.readInterleavedFrame(&buffer) }
                }
                guard let headLength = try scanForEndOfHead(buffer, from: scanned),
                    let headBytes = buffer.readSlice(length: headLength)
                else { return nil }
                state = .awaitingHead(scanned: 0)
                let head: Head
                let contentLength: Int?
                do {
                    head = try parseHead(headBytes)
                    contentLength = try self.contentLength(of: head.headers)
                } catch {
                    throw Self.withCSeq(error, from: headBytes.readableBytesView)
                }
                guard let contentLength else { return head.message(body: nil) }
                state = .awaitingBody(head, length: contentLength)
            }
        }
    }

    /// RFC 2616 §4.1: servers SHOULD ignore empty lines where a request line is expected; some clients send a
    /// stray CRLF after a body or between requests.
    private static func skipEmptyLines(_ buffer: inout ByteBuffer) {
        while let byte = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            byte == HeaderSyntax.cr || byte == HeaderSyntax.lf
        {
            buffer.moveReaderIndex(forwardBy: 1)
        }
    }

    /// `$`, channel, 16-bit big-endian length, payload; nil until the whole frame is in.
    private static func readInterleavedFrame(_ buffer: inout ByteBuffer) -> RTSPMessage? {
        let start = buffer.readerIndex
        guard let channel = buffer.getInteger(at: start + 1, as: UInt8.self),
            let length = buffer.getInteger(at: start + 2, as: UInt16.self),
            buffer.readableBytes >= InterleavedFrame.headerLength + Int(length)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: InterleavedFrame.headerLength)
        guard let payload = buffer.readSlice(length: Int(length)) else { return nil }
        return .interleaved(InterleavedFrame(channel: channel, payload: payload))
    }

    /// Length of the head (through the blank line) when it is complete, nil when more bytes are needed.
    /// Throws as soon as `maxStartLineAndHeaderBytes` bytes are readable without a blank line among them, so a
    /// peer that never sends one cannot make anyone buffer without bound.
    private mutating func scanForEndOfHead(_ buffer: ByteBuffer, from scanned: Int) throws(RTSPParseError) -> Int? {
        let limit = max(limits.maxStartLineAndHeaderBytes, 0)
        let view = buffer.readableBytesView
        let end = min(view.count, limit)
        // Clamped: a caller that did not pass back the unconsumed bytes must not make indexing trap.
        var offset = min(scanned, view.count)
        while offset < end {
            if view[view.startIndex + offset] == HeaderSyntax.lf {
                // A line feed that ends an empty line: "\n\n" or "\n\r\n".
                let previous = offset >= 1 ? view[view.startIndex + offset - 1] : 0
                if previous == HeaderSyntax.lf { return offset + 1 }
                if previous == HeaderSyntax.cr, offset >= 2, view[view.startIndex + offset - 2] == HeaderSyntax.lf {
                    return offset + 1
                }
            }
            offset += 1
        }
        if view.count >= limit {
            let startLineEnded = view.prefix(limit).contains(HeaderSyntax.lf)
            let looksLikeResponse = view.starts(with: "RTSP/".utf8)
            if !startLineEnded && !looksLikeResponse {
                throw RTSPParseError(
                    status: .requestURITooLarge,
                    reason: "request line longer than \(limit) bytes"
                )
            }
            throw Self.withCSeq(
                RTSPParseError(status: .requestEntityTooLarge, reason: "start line and headers longer than \(limit) bytes"),
                from: view.prefix(limit))
        }
        state = .awaitingHead(scanned: offset)
        return nil
    }

    private func parseHead(_ bytes: ByteBuffer) throws(RTSPParseError) -> Head {
        var lines = Array(bytes.readableBytesView).split(
            separator: HeaderSyntax.lf,
            omittingEmptySubsequences: false
        )
        for index in lines.indices where lines[index].last == HeaderSyntax.cr {
            lines[index] = lines[index].dropLast()
        }
        guard let startLine = lines.first else { throw .badRequest("empty message head") }

        var fields: [(String, String)] = []
        for line in lines.dropFirst() {
            if line.isEmpty { break }  // the blank line; the scan guarantees it is the first and last one
            if let forbidden = line.first(where: HeaderSyntax.isForbiddenControl) {
                throw .badRequest("control character 0x\(String(forbidden, radix: 16)) in header line")
            }
            if let first = line.first, HeaderSyntax.isLinearWhiteSpace(first) {
                // Folded continuation of the previous field (RFC 2616 §2.2 LWS), as in the RFC 2326 examples.
                guard let last = fields.indices.last else {
                    throw .badRequest("continuation line before the first header field")
                }
                let continuation = HeaderSyntax.trimmed(Substring(decoding: line))
                if !continuation.isEmpty {
                    fields[last].1 += fields[last].1.isEmpty ? String(continuation) : " " + continuation
                }
                continue
            }
            guard let colon = line.firstIndex(of: HeaderSyntax.colon) else {
                throw .badRequest("header line without ':': '\(String(decoding: line.prefix(64), as: UTF8.self))'")
            }
            let name = HeaderSyntax.trimmed(Substring(decoding: line[..<colon]))
            guard HeaderSyntax.isToken(name) else {
                throw .badRequest("invalid header name '\(name.prefix(64))'")
            }
            let value = HeaderSyntax.trimmed(Substring(decoding: line[line.index(after: colon)...]))
            fields.append((String(name), String(value)))
            guard fields.count <= limits.maxHeaderCount else {
                throw RTSPParseError(
                    status: .requestEntityTooLarge,
                    reason: "more than \(limits.maxHeaderCount) header fields"
                )
            }
        }
        let headers = RTSPHeaders(fields)

        if let forbidden = startLine.first(where: HeaderSyntax.isForbiddenControl) {
            throw .badRequest("control character 0x\(String(forbidden, radix: 16)) in start line")
        }
        let text = Substring(decoding: startLine)
        if HeaderSyntax.hasPrefixIgnoringASCIICase(text, "RTSP/") {
            return try Self.parseStatusLine(text, headers: headers)
        }
        return try Self.parseRequestLine(text, headers: headers)
    }

    /// `Method SP Request-URI SP RTSP-Version` (RFC 2326 §6.1). Runs of SP / HT are accepted as one separator.
    private static func parseRequestLine(_ line: Substring, headers: RTSPHeaders) throws(RTSPParseError) -> Head {
        let parts = HeaderSyntax.fields(line)
        guard parts.count == 3 else {
            throw .badRequest("request line is not 'METHOD URI RTSP/1.0': '\(line.prefix(128))'")
        }
        try checkVersion(parts[2])
        // `$` is a token character, but a message that starts with it is an interleaved frame (RFC 2326 §10.12).
        guard HeaderSyntax.isToken(parts[0]), parts[0].utf8.first != HeaderSyntax.dollar else {
            throw .badRequest("invalid method '\(parts[0].prefix(64))'")
        }
        return .request(RTSPMethod(rawValue: String(parts[0])), uri: String(parts[1]), headers: headers)
    }

    /// `RTSP-Version SP Status-Code SP Reason-Phrase` (RFC 2326 §7.1). The reason phrase may be empty.
    /// Read byte by byte: a reason phrase that begins with a combining mark would otherwise join the blank
    /// before it into one Character, and the line would not parse again once written.
    private static func parseStatusLine(_ line: Substring, headers: RTSPHeaders) throws(RTSPParseError) -> Head {
        let bytes = line.utf8
        let versionEnd = bytes.firstIndex(where: HeaderSyntax.isLinearWhiteSpace) ?? bytes.endIndex
        try checkVersion(line[..<versionEnd])
        let rest = HeaderSyntax.trimmed(line[versionEnd...])
        // Status-Code is 3DIGIT with a class digit 1–5 (RFC 2326 §7.1.1); "020" would not survive a round trip.
        let digits = rest.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy(HeaderSyntax.isDigit),
            let code = HeaderSyntax.decimalInt(rest[digits.startIndex..<digits.endIndex]), (100...599).contains(code)
        else {
            throw .badRequest("status line without a 3-digit status code: '\(line.prefix(128))'")
        }
        let afterCode = rest[digits.endIndex...]
        if let separator = afterCode.utf8.first, !HeaderSyntax.isLinearWhiteSpace(separator) {
            throw .badRequest("status line without a 3-digit status code: '\(line.prefix(128))'")
        }
        return .response(
            RTSPStatus(code: code, reasonPhrase: String(HeaderSyntax.trimmed(afterCode))),
            headers: headers
        )
    }

    /// Only RTSP/1.0 is spoken. Another `RTSP/x.y` is answered 505 so the client can fall back; anything else
    /// (an HTTP request, garbage) is 400.
    private static func checkVersion(_ version: Substring) throws(RTSPParseError) {
        guard HeaderSyntax.hasPrefixIgnoringASCIICase(version, "RTSP/") else {
            throw .badRequest("'\(version.prefix(32))' is not an RTSP version")
        }
        let number = version.dropFirst(5)
        if number == "1.0" { return }
        let components = number.split(separator: ".", omittingEmptySubsequences: false)
        if components.count == 2, components.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(HeaderSyntax.isDigit) }) {
            throw RTSPParseError(
                status: .rtspVersionNotSupported,
                reason: "RTSP version \(number.prefix(32)) is not supported; only 1.0 is"
            )
        }
        throw .badRequest("'\(version.prefix(32))' is not an RTSP version")
    }

    /// `error` with the `CSeq` of the head in `bytes` when one can be read: a field named `CSeq` (any case)
    /// whose whole value is 1 to 18 digits, the first such field if there are several. Anything else (a
    /// `CSeq` with a sign, letters or a line break in it) is not echoed: what the client meant is unknown.
    private static func withCSeq(_ error: RTSPParseError, from bytes: some BidirectionalCollection<UInt8>) -> RTSPParseError {
        var error = error
        for line in bytes.split(separator: HeaderSyntax.lf, omittingEmptySubsequences: false).dropFirst() {
            guard let colon = line.firstIndex(of: HeaderSyntax.colon) else { continue }
            let name = Substring(String(decoding: line[..<colon], as: UTF8.self))
            guard HeaderSyntax.equalsIgnoringASCIICase(HeaderSyntax.trimmed(name), "CSeq") else { continue }
            var valueBytes = line[line.index(after: colon)...]
            if valueBytes.last == HeaderSyntax.cr { valueBytes = valueBytes.dropLast() }
            let value = HeaderSyntax.trimmed(Substring(String(decoding: valueBytes, as: UTF8.self)))
            if (1...18).contains(value.utf8.count), value.utf8.allSatisfy(HeaderSyntax.isDigit) { error.cseq = String(value) }
            break
        }
        return error
    }

    /// Body length from `Content-Length`, nil when absent (RFC 2326 §4.4: no header, no body).
    private func contentLength(of headers: RTSPHeaders) throws(RTSPParseError) -> Int? {
        let values = headers.values(for: "Content-Length").map { HeaderSyntax.trimmed(Substring($0)) }
        guard let text = values.first else { return nil }
        guard values.allSatisfy({ $0 == text }) else {
            throw .badRequest("conflicting Content-Length values \(values.map { String($0.prefix(32)) })")
        }
        guard !text.isEmpty, text.utf8.allSatisfy(HeaderSyntax.isDigit) else {
            throw .badRequest("Content-Length '\(text.prefix(32))' is not a non-negative integer")
        }
        guard let length = HeaderSyntax.decimalInt(text), length <= limits.maxBodyBytes else {
            throw RTSPParseError(
                status: .requestEntityTooLarge,
                reason: "Content-Length \(text.prefix(32)) exceeds the limit of \(limits.maxBodyBytes) bytes"
            )
        }
        return length
    }
}

extension Substring {
    /// Lenient UTF-8 decoding of wire bytes: invalid sequences become U+FFFD instead of failing, so a stray
    /// Latin-1 byte in a User-Agent does not cost the whole request.
    fileprivate init(decoding bytes: ArraySlice<UInt8>) {
        self = Substring(String(decoding: bytes, as: UTF8.self))
    }
}
