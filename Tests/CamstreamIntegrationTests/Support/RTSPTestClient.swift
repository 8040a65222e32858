import H264
import LoopHandOffSupport
import NIOCore
import NIOPosix
import RTP
import RTSP
import StreamerServer

/// A deliberately small RTSP client for what ffmpeg and GStreamer cannot show us: the exact first
/// packet a joining viewer receives, RTP-Info against the packets that follow, sequence continuity.
/// It speaks through camstream's own RTSP parser and serializer, which have byte-exact tests of their own.
struct RTSPTestClient: ~Copyable {
    private var inbound: NIOAsyncChannelInboundStream<RTSPMessage>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var cseq = 0
    private var pending: [InterleavedFrame] = []
    let baseURL: String
    var session: String?
    /// Set to answer 401s as live555 does (see `Live555Digest`).
    var live555: Live555Digest?
    /// The Authorization header of the last request sent, as a captured one would be.
    private(set) var lastAuthorization: String?

    /// - Parameter localAddress: the loopback address to connect from (all of 127.0.0.0/8 is ours), to be a
    ///   second client address.
    static func withConnection<Result: Sendable>(
        port: Int, path: String = "cam", localAddress: String? = nil, _ body: (inout RTSPTestClient) async throws -> Result
    ) async throws -> Result {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        if let localAddress { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: localAddress, port: 0)) }
        let channel = try await bootstrap
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RTSPMessageCopier())
                    return try NIOAsyncChannel<RTSPMessage, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = RTSPTestClient(inbound: inbound.makeAsyncIterator(), outbound: outbound, baseURL: "rtsp://127.0.0.1:\(port)/\(path)")
            return try await body(&client)
        }
    }

    private init(inbound: NIOAsyncChannelInboundStream<RTSPMessage>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, baseURL: String) {
        self.inbound = inbound
        self.outbound = outbound
        self.baseURL = baseURL
    }

    /// Sends a request and returns its response; interleaved frames that arrive first are kept for `nextFrame`.
    /// With `live555` set, a 401 is answered once more with credentials, as live555 does.
    mutating func request(_ method: RTSPMethod, _ uri: String? = nil, headers extra: [(String, String)] = []) async throws -> RTSPResponse {
        var response = try await send(method, uri, headers: extra)
        if response.status == .unauthorized, live555?.take(response.headers.values(for: "WWW-Authenticate")) == true {
            response = try await send(method, uri, headers: extra)
        }
        if method == .describe, response.status == .ok, let base = response.headers["Content-Base"] { live555?.baseURL = base }
        return response
    }

    private mutating func send(_ method: RTSPMethod, _ uri: String?, headers extra: [(String, String)]) async throws -> RTSPResponse {
        cseq += 1
        var headers = RTSPHeaders()
        headers.add(name: "CSeq", value: "\(cseq)")
        if let session { headers.add(name: "Session", value: session) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        if let authorization = live555?.authorization(method: method.rawValue) { headers.add(name: "Authorization", value: authorization) }
        lastAuthorization = headers["Authorization"]
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        buffer.writeRTSPRequest(RTSPRequest(method: method, uri: uri ?? baseURL, headers: headers, body: nil))
        try await outbound.write(buffer)
        while let message = try await inbound.next() {
            switch message {
            case .response(let response):
                if let value = response.headers["Session"], let header = try? SessionHeader(parsing: value) { session = header.id }
                return response
            case .interleaved(let frame):
                pending.append(frame)
            case .request:
                continue
            }
        }
        throw ClientError(description: "connection closed while waiting for the \(method) response")
    }

    /// Writes bytes as they are: interleaved frames from the client, or requests no well-behaved client sends.
    func send(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// A response the server sent without being asked (a refusal on connect), or nil once it closed without one.
    mutating func unaskedResponse() async throws -> RTSPResponse? {
        while let message = try await inbound.next() {
            if case .response(let response) = message { return response }
        }
        return nil
    }

    /// The next interleaved frame on `channel`.
    mutating func nextFrame(channel: UInt8 = 0) async throws -> InterleavedFrame {
        if let index = pending.firstIndex(where: { $0.channel == channel }) { return pending.remove(at: index) }
        while let message = try await inbound.next() {
            if case .interleaved(let frame) = message, frame.channel == channel { return frame }
        }
        throw ClientError(description: "connection closed while waiting for media")
    }

    /// OPTIONS, DESCRIBE, SETUP over TCP interleaved, PLAY: returns the PLAY response.
    mutating func playInterleaved() async throws -> RTSPResponse {
        _ = try await request(.options)
        let description = try await request(.describe, headers: [("Accept", "application/sdp")])
        guard description.status == .ok else { throw ClientError(description: "DESCRIBE answered \(description.status)") }
        let setup = try await request(.setup, baseURL + "/trackID=0", headers: [("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")])
        guard setup.status == .ok else { throw ClientError(description: "SETUP answered \(setup.status)") }
        return try await request(.play, baseURL + "/")
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }
}
