import NIOCore

extension ByteBuffer {
    /// Writes a response as it goes on the wire: status line, headers in order, `Content-Length` when there is a
    /// body and the headers do not already carry one, a blank line, the body. Lines end in CRLF.
    ///
    /// Header names and values are written as given; they must not contain CR or LF.
    ///
    /// Specification: RFC 2326 §7, §12.14
    @discardableResult
    public mutating func writeRTSPResponse(_ response: RTSPResponse) -> Int {
        var written = writeString("RTSP/1.0 \(response.status.code) \(response.status.reasonPhrase)\r\n")
        written += writeRTSPHeadersAndBody(response.headers, body: response.body)
        return written
    }

    /// Writes a request: request line, headers in order, `Content-Length` when there is a body and the headers do
    /// not already carry one, a blank line, the body. Lines end in CRLF.
    ///
    /// Specification: RFC 2326 §6, §12.14
    @discardableResult
    public mutating func writeRTSPRequest(_ request: RTSPRequest) -> Int {
        var written = writeString("\(request.method.rawValue) \(request.uri) RTSP/1.0\r\n")
        written += writeRTSPHeadersAndBody(request.headers, body: request.body)
        return written
    }

    /// Writes the 4-byte prefix of an interleaved frame, so a packet already in a buffer can follow without
    /// being copied into a frame value first.
    ///
    /// - Precondition: `length` fits the 16-bit length field (0...65535); RTP packets sized for a network MTU
    ///   always do.
    ///
    /// Specification: RFC 2326 §10.12
    @discardableResult
    public mutating func writeInterleavedFrameHeader(channel: UInt8, length: Int) -> Int {
        precondition(
            (0...InterleavedFrame.maxPayloadLength).contains(length),
            "interleaved frame payload of \(length) bytes does not fit the 16-bit length field"
        )
        var written = writeInteger(HeaderSyntax.dollar)
        written += writeInteger(channel)
        written += writeInteger(UInt16(length))
        return written
    }

    /// Writes an interleaved frame: header and payload.
    ///
    /// Specification: RFC 2326 §10.12
    @discardableResult
    public mutating func writeInterleavedFrame(_ frame: InterleavedFrame) -> Int {
        writeInterleavedFrameHeader(channel: frame.channel, length: frame.payload.readableBytes)
            + writeImmutableBuffer(frame.payload)
    }

    /// Writes any message in its wire form; the inverse of `RTSPMessageParser.next(from:)`.
    @discardableResult
    public mutating func writeRTSPMessage(_ message: RTSPMessage) -> Int {
        switch message {
        case .request(let request): writeRTSPRequest(request)
        case .response(let response): writeRTSPResponse(response)
        case .interleaved(let frame): writeInterleavedFrame(frame)
        }
    }

    private mutating func writeRTSPHeadersAndBody(_ headers: RTSPHeaders, body: ByteBuffer?) -> Int {
        var written = 0
        for (name, value) in headers {
            written += writeString("\(name): \(value)\r\n")
        }
        if let body, !headers.contains(name: "Content-Length") {
            written += writeString("Content-Length: \(body.readableBytes)\r\n")
        }
        written += writeString("\r\n")
        if let body {
            written += writeImmutableBuffer(body)
        }
        return written
    }
}
