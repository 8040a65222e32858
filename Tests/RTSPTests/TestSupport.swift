import NIOCore
import RTSP

/// Lines joined with CRLF and terminated by the blank line that ends an RTSP head.
func wire(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n"
}

/// Everything the parser yields for `bytes` fed in one call, then drained.
func parseAllAtOnce(_ bytes: [UInt8], limits: RTSPMessageParser.Limits = .init()) throws -> [RTSPMessage] {
    try parse(chunks: [bytes[...]], limits: limits)
}

func parseAllAtOnce(_ text: String, limits: RTSPMessageParser.Limits = .init()) throws -> [RTSPMessage] {
    try parseAllAtOnce(Array(text.utf8), limits: limits)
}

/// Everything the parser yields for `bytes` fed one byte per call.
func parseByteAtATime(_ bytes: [UInt8], limits: RTSPMessageParser.Limits = .init()) throws -> [RTSPMessage] {
    try parse(chunks: bytes.indices.map { bytes[$0...$0] }, limits: limits)
}

/// Appends each chunk to one accumulating buffer, as NIO's `ByteToMessageHandler` does, and drains the parser
/// after each.
func parse(chunks: [ArraySlice<UInt8>], limits: RTSPMessageParser.Limits = .init()) throws -> [RTSPMessage] {
    var parser = RTSPMessageParser(limits: limits)
    var buffer = ByteBuffer()
    var messages: [RTSPMessage] = []
    for chunk in chunks {
        buffer.writeBytes(chunk)
        while let message = try parser.next(from: &buffer) {
            messages.append(message)
        }
    }
    return messages
}

/// The outcome of parsing, comparable across feeding strategies: the messages produced before any error, and the
/// error.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var messages: [RTSPMessage] = []
    var error: RTSPParseError?

    var description: String { "\(messages.count) messages, error: \(error.map(String.init(describing:)) ?? "none")" }
}

func outcome(chunks: [ArraySlice<UInt8>], limits: RTSPMessageParser.Limits = .init()) -> ParseOutcome {
    var parser = RTSPMessageParser(limits: limits)
    var buffer = ByteBuffer()
    var result = ParseOutcome()
    do throws(RTSPParseError) {
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let message = try parser.next(from: &buffer) {
                result.messages.append(message)
            }
        }
    } catch {
        result.error = error
    }
    return result
}

/// The error parsing `text` throws, or nil.
func parseError(_ text: String, limits: RTSPMessageParser.Limits = .init()) -> RTSPParseError? {
    outcome(chunks: [Array(text.utf8)[...]], limits: limits).error
}

extension RTSPMessage {
    var request: RTSPRequest? {
        if case .request(let request) = self { return request }
        return nil
    }

    var response: RTSPResponse? {
        if case .response(let response) = self { return response }
        return nil
    }

    var interleavedFrame: InterleavedFrame? {
        if case .interleaved(let frame) = self { return frame }
        return nil
    }
}

extension ByteBuffer {
    var string: String { String(buffer: self) }
}
