import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import StreamerServer

/// The tunnel on the RTSP port's real pipeline, on embedded channels whose time the test moves: a POST's base64
/// arriving a byte per read answers on the GET exactly as plain RTSP would, and a GET whose POST never comes is
/// closed at the request timeout.
@Suite struct TunnelHandlerTests {
    /// A connection as the RTSP port makes it: the tunnel handler first, then the RTSP handlers.
    static func connect(_ server: ServerContext, loop: EmbeddedEventLoop, peer: String = "127.0.0.1", port: Int) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(loop: loop)
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 8554)
        try channel.pipeline.syncOperations.addHandler(RTSPTunnelHandler(server: server, port: .rtsp))
        try channel.pipeline.syncOperations.addRTSPConnectionHandlers(server: server)
        try channel.connect(to: try SocketAddress(ipAddress: peer, port: port)).wait()
        return channel
    }

    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    static let get = "GET /cam HTTP/1.0\r\nx-sessioncookie: k1\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n"
    static let dataAnswer =
        "HTTP/1.0 200 OK\r\nServer: camstream\r\nCache-Control: no-cache\r\nPragma: no-cache\r\nContent-Type: application/x-rtsp-tunnelled\r\n\r\n"

    @Test func requestsTrickledThroughThePostAreAnsweredOnTheGet() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(requestTimeoutSeconds: 10))
        let get = try Self.connect(conversation.server, loop: conversation.loop, port: 40001)
        try get.writeInbound(ByteBuffer(string: Self.get))
        #expect(try Self.written(get) == Self.dataAnswer)

        let post = try Self.connect(conversation.server, loop: conversation.loop, port: 40002)
        try post.writeInbound(ByteBuffer(string: "POST /cam HTTP/1.0\r\nx-sessioncookie: k1\r\nContent-Length: 32767\r\n\r\n"))
        // "OPTIONS * RTSP/1.0\r\nCSeq: 7\r\n\r\n", padded, a byte per read.
        for byte in "T1BUSU9OUyAqIFJUU1AvMS4wDQpDU2VxOiA3DQoNCg==".utf8 {
            try post.writeInbound(ByteBuffer(bytes: [byte]))
        }
        conversation.loop.run()
        let answer = try Self.written(get)
        #expect(answer.hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 7\r\n"), "\(answer)")
        #expect(answer.contains("Public: OPTIONS, DESCRIBE, SETUP"))
        #expect(try Self.written(post).isEmpty, "a tunnel's POST is never answered")
        // Ten seconds on, the POST came in time: the GET is still open.
        conversation.loop.advanceTime(by: .seconds(11))
        #expect(get.isActive)
    }

    @Test func aGetWhosePostNeverComesIsClosedAtTheRequestTimeout() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(requestTimeoutSeconds: 10))
        let get = try Self.connect(conversation.server, loop: conversation.loop, port: 40003)
        try get.writeInbound(ByteBuffer(string: Self.get))
        #expect(try Self.written(get) == Self.dataAnswer)
        conversation.loop.advanceTime(by: .milliseconds(9900))
        #expect(get.isActive)
        conversation.loop.advanceTime(by: .milliseconds(100))
        #expect(!get.isActive)
        // Its cookie is free again.
        conversation.loop.run()
        let again = try Self.connect(conversation.server, loop: conversation.loop, port: 40004)
        try again.writeInbound(ByteBuffer(string: Self.get))
        #expect(try Self.written(again) == Self.dataAnswer)
    }

    @Test func aSecondGetWithTheSameCookieIsRefused() throws {
        let conversation = try RTSPConversation()
        let first = try Self.connect(conversation.server, loop: conversation.loop, port: 40005)
        try first.writeInbound(ByteBuffer(string: Self.get))
        let second = try Self.connect(conversation.server, loop: conversation.loop, port: 40006)
        try second.writeInbound(ByteBuffer(string: Self.get))
        let body = "camstream: a tunnel with this x-sessioncookie is already open\n"
        #expect(
            try Self.written(second)
                == "HTTP/1.0 409 Conflict\r\nServer: camstream\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(!second.isActive && first.isActive)
    }

    /// An ordinary RTSP client on the RTSP port notices nothing: its first bytes go to the RTSP handlers.
    @Test func plainRTSPPassesStraightThrough() throws {
        let conversation = try RTSPConversation()
        let plain = try Self.connect(conversation.server, loop: conversation.loop, port: 40007)
        try plain.writeInbound(ByteBuffer(string: "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"))
        conversation.loop.run()
        #expect(try Self.written(plain).hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 1\r\n"))
        #expect(throws: Never.self) { try plain.pipeline.syncOperations.handler(type: RTSPConnectionHandler.self) }
        #expect(throws: (any Error).self) { try plain.pipeline.syncOperations.handler(type: RTSPTunnelHandler.self) }
    }
}
