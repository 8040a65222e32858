import H264
import Logging
import NIOCore
import NIOEmbedded
import RTSP
import RTSPAuth
import Testing

@_spi(Fuzzing) @testable import StreamerServer

/// Requests in, exact response bytes out, through the real handler pipeline on an EmbeddedChannel.
/// Behind it are real x264-encoded streams whose frames the test makes (`SteppedEncoderSource`), and time
/// is the embedded loop's, moved forward by the test, so timeouts are exact and instant.
final class RTSPConversation {
    let channel: EmbeddedChannel
    let server: ServerContext
    var sources: [String: SteppedEncoderSource] = [:]
    private var pendingInbound = ByteBuffer()
    private var parser = RTSPMessageParser()

    var source: SteppedEncoderSource { sources["cam"]! }
    var stream: MediaStream { server.streams["cam"]! }
    var loop: EmbeddedEventLoop { channel.embeddedEventLoop }

    init(
        paths: [String] = ["cam"], sessionTimeoutSeconds: Int = 60, limits: ServerLimits = ServerLimits(), publicAddress: String? = nil,
        channel: EmbeddedChannel = EmbeddedChannel(),
        server existing: ServerContext? = nil, sources existingSources: [String: SteppedEncoderSource] = [:],
        logger: Logger = Logger(label: "test"), peer: String = "127.0.0.1", users: [UserCredentials] = [],
        datagramBinder: DatagramBinder = .sockets
    ) throws {
        self.channel = channel
        if let existing {
            server = existing
            sources = existingSources
        } else {
            var streams: [String: MediaStream] = [:]
            var configured: [ServerConfiguration.Stream] = []
            for (index, path) in paths.enumerated() {
                // Different sizes give different SPS, so each stream's SDP is recognisably its own.
                let source = try SteppedEncoderSource(width: 160 + 32 * index, height: 120)
                sources[path] = source
                streams[path] = MediaStream(path: path, source: source, eventLoop: channel.embeddedEventLoop, logger: logger)
                configured.append(.init(path: path, source: source))
            }
            server = ServerContext(
                eventLoop: channel.embeddedEventLoop, streams: streams,
                configuration: ServerConfiguration(
                    sessionTimeoutSeconds: sessionTimeoutSeconds, streams: configured, limits: limits, publicAddress: publicAddress,
                    users: users, allowBasicAuthentication: !users.isEmpty),
                logger: logger, datagramBinder: datagramBinder)
            for stream in streams.values { try stream.start() }
            server.startReaping()
        }
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 8554)
        try channel.pipeline.syncOperations.addRTSPConnectionHandlers(server: server)
        // Connecting makes the channel active (and so `isActive` meaningful to the tests).
        try channel.connect(to: try SocketAddress(ipAddress: peer, port: 40000)).wait()
    }

    /// A second client connection to the same server, from `peer` (by default the same host as the first).
    func secondConnection(from peer: String = "127.0.0.1") throws -> RTSPConversation {
        try RTSPConversation(channel: EmbeddedChannel(loop: loop), server: server, sources: sources, peer: peer)
    }

    /// Feeds `request` and returns the RTSP text the server wrote back; media frames are kept for `frames()`.
    func send(_ request: String) throws -> String {
        try channel.writeInbound(ByteBuffer(string: request))
        return try responses()
    }

    /// Feeds `request` one byte per read.
    func sendByteAtATime(_ request: String) throws -> String {
        for byte in request.utf8 {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        return try responses()
    }

    private var frameBacklog: [InterleavedFrame] = []

    /// Everything written since the last call: response text, with interleaved frames set aside.
    func responses() throws -> String {
        loop.run()
        var text = ""
        for message in try drainOutbound() {
            switch message {
            case .response(let response):
                var buffer = ByteBuffer()
                buffer.writeRTSPResponse(response)
                text += String(buffer: buffer)
            case .interleaved(let frame):
                frameBacklog.append(frame)
            case .request:
                Issue.record("the server sent a request")
            }
        }
        return text
    }

    /// Interleaved frames written since the last call (and any set aside by `send`).
    func frames() throws -> [InterleavedFrame] {
        _ = try responses()
        defer { frameBacklog.removeAll() }
        return frameBacklog
    }

    private func drainOutbound() throws -> [RTSPMessage] {
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            var copy = buffer
            pendingInbound.writeBuffer(&copy)
        }
        var messages: [RTSPMessage] = []
        while let message = try parser.next(from: &pendingInbound) { messages.append(message) }
        pendingInbound.discardReadBytes()
        return messages
    }

    /// Makes frames at the source and lets the server send them.
    @discardableResult
    /// Makes `count` frames, running the loop after each as a loop that keeps up does (StalledLoopTests has one
    /// that does not).
    func produce(_ count: Int = 1, path: String = "cam") throws -> [AccessUnit] {
        var units: [AccessUnit] = []
        for _ in 0..<count {
            units += try sources[path]!.produce()
            loop.run()
        }
        return units
    }

    func advance(seconds: Int64) {
        loop.advanceTime(by: .seconds(seconds))
    }

    /// SETUP over TCP-interleaved; returns the session id.
    func setupInterleaved(path: String = "cam", cseq: Int = 1, channels: String = "0-1") throws -> String {
        let response = try send(
            "SETUP rtsp://127.0.0.1:8554/\(path)/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: RTP/AVP/TCP;unicast;interleaved=\(channels)\r\n\r\n"
        )
        let value = try #require(Self.header("Session", in: response), "SETUP answered \(response)")
        return try SessionHeader(parsing: value).id
    }

    /// SETUP and PLAY over TCP, with the keyframe made: returns the session id and the PLAY response.
    func play(path: String = "cam") throws -> (session: String, response: String) {
        let session = try setupInterleaved(path: path)
        _ = try send("PLAY rtsp://127.0.0.1:8554/\(path)/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
        try produce(1, path: path)
        return (session, try responses())
    }

    /// The value of `name` in a response, for following up with the session it created.
    static func header(_ name: String, in response: String) -> String? {
        response.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1).drop(while: { $0 == " " })) }
    }

    /// The stream's SSRC as the Transport header writes it.
    var ssrcHex: String {
        let digits = String(stream.ssrc, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
