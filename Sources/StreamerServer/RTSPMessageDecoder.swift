import NIOCore
import RTSP

/// Glue between NIO and the pure `RTSPMessageParser`: all the parsing lives there.
/// Public so that clients (tests, tools) read RTSP connections exactly as the server does.
public struct RTSPMessageDecoder: ByteToMessageDecoder {
    public typealias InboundOut = RTSPMessage

    private var parser: RTSPMessageParser

    public init(limits: RTSPMessageParser.Limits = .init()) {
        self.parser = RTSPMessageParser(limits: limits)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
