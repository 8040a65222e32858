#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOEmbedded
import RTSP
@_spi(Fuzzing) import StreamerServer

/// One client's RTSP connection, on an embedded channel that behaves as a socket does where it matters here:
/// the server reads only when it has asked to (`read()` reaches the channel, as with auto-read), what the
/// client sends waits until then, and what the server sends waits, unread, while the client is not reading,
/// the channel turning unwritable past the server's high water mark as NIO's does.
///
/// It keeps its own account of the conversation, parsing what it sends with the server's own parser and limits
/// and what comes back as a client would, to check that each request gets exactly one answer, in order.
final class SimulatedClient {
    let channel: EmbeddedChannel
    let address: String
    let port: Int
    private let highWaterMark: Int
    /// Bytes sent and not yet read by the server, a read's worth each (a ring: an array's `removeFirst` made a
    /// long write cut into a thousand reads cost a million moves).
    private var unreadByServer = CircularBuffer<ByteBuffer>()
    private var serverAskedToRead = true
    /// The server's parser, fed exactly what the server was fed: the requests it must answer.
    private var shadow: RTSPMessageParser
    private var shadowFailed = false
    private(set) var requests: [RTSPRequest] = []
    /// Bytes the server wrote that the client has not read.
    private(set) var unreadByClient = ByteBuffer()
    private var responseParser = RTSPMessageParser(limits: .init(maxStartLineAndHeaderBytes: 1 << 20, maxHeaderCount: 1024, maxBodyBytes: 1 << 20))
    private(set) var responses: [RTSPResponse] = []
    private(set) var reading = true
    /// The session id of the last successful SETUP that created one, and its UDP server port.
    private(set) var lastSession: String?
    private(set) var lastServerPort: Int?
    private(set) var lastClientPort: Int?

    init(server: RTSPServerCore, loop: EmbeddedEventLoop, address: String, port: Int, limits: ServerLimits) throws {
        self.address = address
        self.port = port
        highWaterMark = max(limits.interleavedQueueBytes, 2)
        shadow = RTSPMessageParser(limits: limits.parserLimits)
        channel = EmbeddedChannel(loop: loop)
        let gate = ReadGate()
        try channel.pipeline.syncOperations.addHandler(gate)
        try server.addConnectionHandlers(to: channel)
        gate.onRead = { [unowned self] in serverAskedToRead = true }
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 8554)
        try channel.connect(to: try SocketAddress(ipAddress: address, port: port)).wait()
    }

    var isOpen: Bool { channel.isActive }

    /// The client writes `bytes`; the server gets them in reads of at most `readSize` (0: a socket's 2 KiB), and
    /// never more than 1024 reads, so that a long write cut byte by byte still runs quickly.
    func send(_ bytes: [UInt8], readSize: Int) {
        guard isOpen, !bytes.isEmpty else { return }
        let size = max(readSize == 0 ? 2048 : min(readSize, 2048), bytes.count / 1024)
        // One buffer, cut into slices: the server reads views of what the client wrote, as it would a socket's.
        var written = ByteBuffer(bytes: bytes)
        while let read = written.readSlice(length: min(size, written.readableBytes)), read.readableBytes > 0 {
            unreadByServer.append(read)
        }
        deliver()
    }

    /// Hands the server what is waiting for it, a read at a time, for as long as it keeps asking for more.
    func deliver() {
        while isOpen, serverAskedToRead, !unreadByServer.isEmpty {
            let chunk = unreadByServer.removeFirst()
            serverAskedToRead = false
            parseAsTheServerWill(chunk)
            _ = try? channel.writeInbound(chunk)
            // What a channel with auto-read does after each read: ask for the next through the pipeline, where
            // a handler that wants no more for now may hold the request back.
            if isOpen, autoRead { channel.pipeline.read() }
            collectOutput()
        }
    }

    private var autoRead: Bool {
        channel.options.last { $0.option is ChannelOptions.Types.AutoReadOption }.map { $0.value as? Bool ?? true } ?? true
    }

    private func parseAsTheServerWill(_ chunk: ByteBuffer) {
        guard !shadowFailed else { return }
        var buffer = chunk
        pendingShadowBytes.writeBuffer(&buffer)
        do {
            while let message = try shadow.next(from: &pendingShadowBytes) {
                if case .request(let request) = message {
                    trace("request \(requests.count)", "\(request.method) \(request.uri) CSeq \(request.headers["CSeq"] ?? "none")")
                    requests.append(request)
                }
            }
        } catch {
            shadowFailed = true
        }
        pendingShadowBytes.discardReadBytes()
    }

    private var pendingShadowBytes = ByteBuffer()

    /// Takes what the server wrote off the channel; reads it if the client is reading.
    func collectOutput() {
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
            var copy = buffer
            unreadByClient.writeBuffer(&copy)
        }
        if reading {
            readEverything()
        } else if channel.isWritable, unreadByClient.readableBytes >= highWaterMark {
            channel.isWritable = false
            channel.pipeline.fireChannelWritabilityChanged()
        }
    }

    func pauseReading() {
        reading = false
    }

    func resumeReading() {
        reading = true
        collectOutput()
        if !channel.isWritable {
            channel.isWritable = true
            if isOpen { channel.pipeline.fireChannelWritabilityChanged() }
        }
    }

    func hangUp() {
        guard isOpen else { return }
        trace("hang up", "")
        _ = try? channel.close().wait()
    }

    private func readEverything() {
        do {
            while let message = try responseParser.next(from: &unreadByClient) {
                if case .response(let response) = message { received(response) }
            }
        } catch {
            preconditionFailure("the server wrote what no client can parse (\(error)): \(String(buffer: unreadByClient).prefix(200))")
        }
        unreadByClient.discardReadBytes()
    }

    /// `FUZZ_TRACE=1` prints every conversation, for reading a crashing input (not for exploring: it is slow).
    static let tracing = getenv("FUZZ_TRACE") != nil

    private func trace(_ what: String, _ text: String) {
        guard Self.tracing else { return }
        let line = "[\(address):\(port)] \(what): \(text.debugDescription.prefix(300))\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    private func received(_ response: RTSPResponse) {
        if Self.tracing {
            var buffer = ByteBuffer()
            buffer.writeRTSPResponse(response)
            trace("response \(responses.count)", String(buffer: buffer))
        }
        let index = responses.count
        responses.append(response)
        guard index < requests.count, requests[index].method == .setup, (200..<300).contains(response.status.code),
            let value = response.headers["Session"], let session = try? SessionHeader(parsing: value)
        else { return }
        if requests[index].headers["Session"] == nil { lastSession = session.id }
        if let transport = response.headers["Transport"], let spec = try? TransportHeader(parsing: transport).specs.first,
            spec.lowerTransport == .udp, !spec.isMulticast
        {
            lastServerPort = spec.serverPort.map { Int($0.lowerBound) }
            lastClientPort = spec.clientPort.map { Int($0.lowerBound) }
        }
    }

    /// The request each response answers, by position.
    func request(answeredBy index: Int) -> RTSPRequest? {
        index < requests.count ? requests[index] : nil
    }
}

/// The first handler of the pipeline, so the last an outbound `read()` passes: it records that the server has
/// asked for more bytes. A handler that holds `read()` back (to stop reading a client) stops it reaching here.
private final class ReadGate: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny
    var onRead: () -> Void = {}

    func read(context: ChannelHandlerContext) {
        onRead()
        context.read()
    }
}
