import Logging
import NIOCore
import RTSP

/// RTSP tunnelled over HTTP, first on every RTSP and HTTP connection: the first bytes tell.
///
/// A connection that does not start with a tunnel's `GET` or `POST` (see `RTSPTunnelRequest`) is handed, bytes
/// and all, to the port's own handlers, and this handler leaves the pipeline. A tunnel's GET becomes an ordinary
/// RTSP connection (the same handlers, limits, back-pressure, session ownership and log lines as on the RTSP
/// port) whose requests arrive through its POST instead of its own socket: the GET is answered `200 OK` and
/// from then on carries RTSP responses and interleaved media. A POST joined to it by its `x-sessioncookie`
/// decodes its body's base64 as it arrives (`Base64StreamDecoder`: split anywhere, bounded) into the GET's RTSP
/// handler, and stops reading while that handler has requests unanswered, so a POST can queue no more than a
/// plain RTSP connection can. The requests inside carry RTSP authentication as usual.
///
/// Refusals say why in an HTTP status, a body and a log line: a malformed cookie (400), a POST with no GET
/// (400), a POST from another address than its GET (403), a cookie already open (409), too many tunnels (503),
/// a POST that is not base64 (the tunnel closes). A GET whose POST never comes closes after the request timeout.
///
/// On the RTSP port this handler holds the connection's count under its address until it knows what the
/// connection is (the RTSP handler counts it from then on); on the HTTP port `HTTPConnectionAdmission` does.
final class RTSPTunnelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Port {
        case rtsp
        /// The HTTP port, whose own handlers are added when the first request is not a tunnel's.
        case http(addHTTPHandlers: (ChannelPipeline.SynchronousOperations) throws -> Void)

        var isRTSP: Bool {
            if case .rtsp = self { true } else { false }
        }
    }

    private enum State {
        case sniffing
        case feeding(decoder: Base64StreamDecoder, data: TunnelDataChannel)
        case closing
    }

    private let server: ServerContext
    private let port: Port
    private var logger: Logger
    private var state = State.sniffing
    /// The first bytes, until they tell what the connection is (at most the head limit and one read).
    private var head: [UInt8] = []
    /// RTSP port: the count this handler holds under the connection's address.
    private var admittedAddress: String?
    /// RTSP port: `channelActive` not yet passed on to the RTSP handler, which starts its idle clock with it.
    private var holdsChannelActive = false
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var readHeld = false

    init(server: ServerContext, port: Port) {
        self.server = server
        self.port = port
        self.logger = server.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        logger[metadataKey: "rtsp.peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
        guard port.isRTSP else {
            context.fireChannelActive()
            // The HTTP handlers' request deadline, kept while the head is read here.
            return restartDeadlineForTheHead(context: context)
        }
        holdsChannelActive = true
        // Over a limit: the RTSP handler refuses it with its own 503, as it always has.
        guard server.admitConnection(from: peerAddress(context)) == nil else { return handOver(context: context) }
        admittedAddress = peerAddress(context)
        let idle = server.configuration.limits.idleConnectionTimeoutSeconds
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(max(idle, 1)))) { [self] in
            logger.info("closing idle connection", metadata: ["rtsp.idle_seconds": "\(idle)"])
            state = .closing
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if let admittedAddress { server.connectionClosed(from: admittedAddress) }
        admittedAddress = nil
        if case .feeding(_, let data) = state {
            data.posts[ObjectIdentifier(self)] = nil
            logger.debug("tunnel POST closed")
        }
        state = .closing
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        switch state {
        case .sniffing:
            let first = head.isEmpty
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            head += bytes
            if first, port.isRTSP { restartDeadlineForTheHead(context: context) }
            // The head ends at a line feed: look again only when one came (or to tell the method).
            guard head.count <= 5 || bytes.contains(UInt8(ascii: "\n")) || head.count > server.configuration.limits.maxRequestHeadBytes
            else { return }
            switch RTSPTunnelRequest.recognize(head, maxHeadBytes: server.configuration.limits.maxRequestHeadBytes) {
            case .needMore: return
            case .notTunnel: handOver(context: context)
            case .malformed(let reason): refuse(code: 400, phrase: "Bad Request", reason: reason, context: context)
            case .tunnel(let request) where request.role == .get: openData(request, context: context)
            case .tunnel(let request): joinPost(request, context: context)
            }
        case .feeding:
            feed(buffer.readableBytesView, context: context)
        case .closing:
            return
        }
    }

    /// Holds a POST's reads while its GET's RTSP handler has requests to answer.
    func read(context: ChannelHandlerContext) {
        if case .feeding(_, let data) = state, data.connection?.hasUnansweredRequests == true {
            readHeld = true
        } else {
            context.read()
        }
    }

    // MARK: - Not a tunnel

    /// Gives the connection, and the bytes read so far, to the port's own handlers (added now on the HTTP port),
    /// or to the RTSP handlers a tunnel's GET has been given (`addingPortHandlers` false).
    private func handOver(context: ChannelHandlerContext, addingPortHandlers: Bool = true) {
        deadline?.cancel()
        let bytes = head
        head = []
        state = .closing
        if addingPortHandlers, case .http(let addHTTPHandlers) = port {
            do {
                try addHTTPHandlers(context.pipeline.syncOperations)
            } catch {
                logger.error("HTTP handlers could not be added; closing", metadata: ["http.error": "\(error)"])
                return context.close(promise: nil)
            }
        }
        activateFollowingHandlers(context: context)
        if !bytes.isEmpty {
            context.fireChannelRead(Self.wrapInboundOut(context.channel.allocator.buffer(bytes: bytes)))
            context.fireChannelReadComplete()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// RTSP port: the RTSP handler takes over the connection's count, and its idle clock starts.
    private func activateFollowingHandlers(context: ChannelHandlerContext) {
        guard holdsChannelActive else { return }
        holdsChannelActive = false
        if let admittedAddress { server.connectionClosed(from: admittedAddress) }
        admittedAddress = nil
        context.fireChannelActive()
    }

    // MARK: - The GET: the data channel

    private func openData(_ request: RTSPTunnelRequest, context: ChannelHandlerContext) {
        let data = TunnelDataChannel(channel: context.channel, cookie: request.sessionCookie)
        do {
            try server.tunnels.openData(cookie: request.sessionCookie, address: peerAddress(context), dataChannel: data)
        } catch {
            return refuse(code: error.status.code, phrase: error.status.phrase, reason: error.description, context: context)
        }
        deadline?.cancel()
        let sync = context.pipeline.syncOperations
        do {
            if !port.isRTSP {
                try sync.addRTSPConnectionHandlers(server: server)
                try sync.handler(type: HTTPConnectionAdmission.self).handOver()
                holdsChannelActive = true
            }
            data.connection = try sync.handler(type: RTSPConnectionHandler.self)
        } catch {
            server.tunnels.closeData(cookie: request.sessionCookie)
            logger.error("tunnel could not be set up; closing", metadata: ["rtsp.error": "\(error)"])
            state = .closing
            return context.close(promise: nil)
        }
        let previous = data.connection?.allAnswered
        data.connection?.allAnswered = { [weak data] in
            previous?()
            data?.readOnPosts()
        }
        let server = server
        context.channel.closeFuture.whenComplete { _ in
            server.eventLoop.execute {
                server.tunnels.closeData(cookie: data.cookie)
                data.closed()
            }
        }
        let timeout = server.configuration.limits.requestTimeoutSeconds
        let logger = logger
        data.noPostTimeout = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(max(timeout, 1)))) {
            guard !data.hasHadPost else { return }
            logger.notice("tunnel GET closed: no POST with its x-sessioncookie came", metadata: ["rtsp.timeout_seconds": "\(timeout)"])
            data.channel.close(promise: nil)
        }
        logger.info(
            "tunnel opened", metadata: ["rtsp.tunnel": "\(Self.cookieLabel(request.sessionCookie))", "http.target": "\(request.target)"])
        var answer = context.channel.allocator.buffer(capacity: 160)
        answer.writeString(
            "HTTP/1.0 200 OK\r\nServer: camstream\r\nCache-Control: no-cache\r\nPragma: no-cache\r\nContent-Type: \(RTSPTunnelRequest.contentType)\r\n\r\n"
        )
        context.writeAndFlush(Self.wrapOutboundOut(answer), promise: nil)
        // A client sends nothing more on its GET; whatever it does send is read as RTSP, under the same rules.
        head.removeFirst(min(request.headLength, head.count))
        handOver(context: context, addingPortHandlers: false)
    }

    // MARK: - The POST: requests, in base64

    private func joinPost(_ request: RTSPTunnelRequest, context: ChannelHandlerContext) {
        let data: TunnelDataChannel
        do {
            data = try server.tunnels.joinPost(cookie: request.sessionCookie, address: peerAddress(context))
        } catch {
            return refuse(code: error.status.code, phrase: error.status.phrase, reason: error.description, context: context)
        }
        deadline?.cancel()
        data.hasHadPost = true
        data.noPostTimeout?.cancel()
        data.posts[ObjectIdentifier(self)] = (context.channel, { [weak self] in self?.readOnIfHeld() })
        state = .feeding(decoder: Base64StreamDecoder(), data: data)
        logger.info("tunnel POST joined", metadata: ["rtsp.tunnel": "\(Self.cookieLabel(request.sessionCookie))"])
        let body = head.dropFirst(request.headLength)
        head = []
        if !body.isEmpty { feed(body, context: context) }
    }

    /// Decodes what the POST brought and gives the bytes to its GET's RTSP handlers, as if read from the GET.
    private func feed(_ bytes: some Sequence<UInt8>, context: ChannelHandlerContext) {
        guard case .feeding(var decoder, let data) = state else { return }
        guard data.channel.isActive, data.channel.eventLoop.inEventLoop else {
            state = .closing
            return context.close(promise: nil)
        }
        var decoded: [UInt8] = []
        do {
            try decoder.decode(bytes, into: &decoded)
        } catch {
            logger.notice(
                "tunnel POST is not base64; closing the tunnel",
                metadata: ["rtsp.tunnel": "\(Self.cookieLabel(data.cookie))", "rtsp.reason": "\(error)"])
            state = .closing
            context.close(promise: nil)
            data.channel.close(promise: nil)
            return
        }
        state = .feeding(decoder: decoder, data: data)
        guard !decoded.isEmpty else { return }
        let pipeline = data.channel.pipeline.syncOperations
        pipeline.fireChannelRead(NIOAny(data.channel.allocator.buffer(bytes: decoded)))
        pipeline.fireChannelReadComplete()
    }

    private func readOnIfHeld() {
        guard readHeld, let context else { return }
        readHeld = false
        context.read()
    }

    // MARK: - Refusals and deadlines

    /// A connection that has begun a request (RTSP port), or any HTTP connection, has the request timeout to send
    /// its head, as the port's own handlers would give it.
    private func restartDeadlineForTheHead(context: ChannelHandlerContext) {
        deadline?.cancel()
        let timeout = server.configuration.limits.requestTimeoutSeconds
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(max(timeout, 1)))) { [self] in
            guard case .sniffing = state else { return }
            refuse(code: 408, phrase: "Request Timeout", reason: "request head not complete within \(timeout) s", context: context)
        }
    }

    private func refuse(code: Int, phrase: String, reason: String, context: ChannelHandlerContext) {
        logger.notice("tunnel refused", metadata: ["http.status": "\(code)", "rtsp.reason": "\(reason)"])
        state = .closing
        head = []
        let body = "camstream: \(reason)\n"
        var buffer = context.channel.allocator.buffer(capacity: 160 + body.utf8.count)
        buffer.writeString(
            "HTTP/1.0 \(code) \(phrase)\r\nServer: camstream\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        context.writeAndFlush(Self.wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func peerAddress(_ context: ChannelHandlerContext) -> String {
        RTSPConnectionHandler.plainIP(context.remoteAddress?.ipAddress) ?? "unknown"
    }

    /// Enough of a cookie to match log lines, not enough to use it.
    private static func cookieLabel(_ cookie: String) -> String {
        "\(cookie.prefix(4))… (\(cookie.utf8.count) bytes)"
    }
}
