import H264
import LogTestSupport
import LoopHandOffSupport
import Logging
import NIOCore
import NIOPosix
import RTSP
import ServiceLifecycle

@testable import StreamerServer

/// The real server on loopback, on a port of its own, with a stepped source and its log recorded: for what
/// needs real sockets (UDP ports, symmetric RTP, datagram RTCP).
final class LoopbackServer: Sendable {
    let server: RTSPServer
    let source: SteppedEncoderSource
    let log = LogRecorder()
    let port: Int
    /// The HTTP listener's port, when asked for one (`http`); 0 otherwise.
    let httpPort: Int
    private let task: Task<Void, Error>

    /// - Parameters:
    ///   - liveSources: paced sources by path, served instead of the stepped one at `cam`.
    ///   - eventLoop: a loop of the test's own, for a test that stalls it.
    ///   - push: relays every stream is pushed to.
    init(
        rtpPorts: ClosedRange<Int>, sessionTimeoutSeconds: Int = 60, limits: ServerLimits = ServerLimits(),
        liveSources: [String: any AccessUnitSource] = [:], eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
        push: [PushTarget] = [], http: Bool = false
    ) async throws {
        source = try SteppedEncoderSource()
        let bound = Mailbox<Int>()
        let httpBound = Mailbox<Int>()
        let streams: [ServerConfiguration.Stream] =
            liveSources.isEmpty
            ? [.init(path: "cam", source: source, push: push)] : liveSources.map { .init(path: $0.key, source: $0.value, push: push) }
        let server = try RTSPServer(
            configuration: ServerConfiguration(
                bindAddresses: ["127.0.0.1"], rtspPort: 0, httpPort: http ? 0 : nil, rtpPortRange: rtpPorts,
                sessionTimeoutSeconds: sessionTimeoutSeconds, streams: streams, limits: limits),
            eventLoop: eventLoop, logger: log.logger,
            onListening: { address in bound.post(address.port ?? 0) },
            onHTTPListening: { address in httpBound.post(address.port ?? 0) })
        self.server = server
        task = Task { try await server.run() }
        port = await bound.next(timeout: .seconds(10)) ?? 0
        httpPort = http ? await httpBound.next(timeout: .seconds(10)) ?? 0 : 0
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Passes what a channel reads to a mailbox.
final class MailboxHandler<InboundIn, Item: Sendable>: ChannelInboundHandler {
    let mailbox: Mailbox<Item>
    let convert: (InboundIn) -> Item

    init(_ mailbox: Mailbox<Item>) where InboundIn == Item {
        self.mailbox = mailbox
        self.convert = { $0 }
    }

    /// Converts on the event loop, before the item leaves it: a socket's raw reads must be copied there
    /// (`ByteBuffer.ownedCopy` says why).
    init(_ mailbox: Mailbox<Item>, converting convert: @escaping (InboundIn) -> Item) {
        self.mailbox = mailbox
        self.convert = convert
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        mailbox.post(convert(Self.unwrapInboundIn(data)))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {}
}

/// A UDP socket on loopback that keeps what arrives.
final class LoopbackDatagramSocket: Sendable {
    let channel: Channel
    let received = Mailbox<AddressedEnvelope<ByteBuffer>>()
    let port: Int

    /// An RTP/RTCP pair on consecutive ports, RTP on the even one, as clients offer in `client_port` (RFC 3550
    /// §11; the server refuses an odd RTP port).
    static func pair() async throws -> (rtp: LoopbackDatagramSocket, rtcp: LoopbackDatagramSocket) {
        for _ in 0..<40 {
            let rtp = try await LoopbackDatagramSocket()
            if rtp.port % 2 == 0, let rtcp = try? await LoopbackDatagramSocket(port: rtp.port + 1) { return (rtp, rtcp) }
            await rtp.close()
        }
        throw SocketAddressError.unsupported
    }

    init(port: Int = 0) async throws {
        let received = self.received
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        MailboxHandler(received) { (datagram: AddressedEnvelope<ByteBuffer>) in
                            AddressedEnvelope(remoteAddress: datagram.remoteAddress, data: datagram.data.ownedCopy)
                        })
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    func send(_ bytes: [UInt8], to port: Int) async throws {
        try await channel.writeAndFlush(
            AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: port), data: ByteBuffer(bytes: bytes)))
    }

    func close() async {
        try? await channel.close()
    }
}

/// Just enough RTSP client for the loopback tests: a request out, the next response back.
final class LoopbackRTSPClient: Sendable {
    let channel: Channel
    let messages = Mailbox<RTSPMessage>()

    init(port: Int) async throws {
        let messages = self.messages
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RTSPMessageCopier())
                    try channel.pipeline.syncOperations.addHandler(MailboxHandler(messages))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    /// Writes `request` (text with CRLFs) and returns the next response.
    func send(_ request: String) async throws -> RTSPResponse? {
        try await channel.writeAndFlush(ByteBuffer(string: request))
        return await response()
    }

    func response() async -> RTSPResponse? {
        while let message = await messages.next() {
            if case .response(let response) = message { return response }
        }
        return nil
    }

    func close() async {
        try? await channel.close()
    }
}
