import H264
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import RTSPAuth

/// One HTTP connection before (or instead of) a WebSocket upgrade: one request, one answer, then the
/// connection closes. Routes are thin: the page, a token, or the refusal of a WebSocket handshake that was not
/// one. Bounded like RTSP: the request head's size and header count, no body, and a deadline for the request.
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ServerContext
    private let upgrade: WebSocketUpgradeState
    private var logger: Logger
    private var head: HTTPRequestHead?
    private var bodyBytes = 0
    private var answered = false
    private var deadline: Scheduled<Void>?

    init(server: ServerContext, upgrade: WebSocketUpgradeState) {
        self.server = server
        self.upgrade = upgrade
        self.logger = server.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        logger[metadataKey: "http.peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
        let timeout = TimeAmount.seconds(Int64(max(server.configuration.limits.requestTimeoutSeconds, 1)))
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard !answered else { return }
            refuse(
                HTTPRefusal(status: .requestTimeout, reason: "request not complete within \(timeout.nanoseconds / 1_000_000_000) s"),
                context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            let limits = server.configuration.limits
            let headBytes = head.uri.utf8.count + head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
            if headBytes > limits.maxRequestHeadBytes || head.headers.count > limits.maxHeaderCount {
                refuse(
                    HTTPRefusal(
                        status: .requestHeaderFieldsTooLarge,
                        reason:
                            "request head of \(headBytes) bytes in \(head.headers.count) fields is over \(limits.maxRequestHeadBytes) bytes or \(limits.maxHeaderCount) fields"
                    ), context: context)
            }
        case .body(let body):
            bodyBytes += body.readableBytes
            if bodyBytes > server.configuration.limits.maxRequestBodyBytes {
                refuse(
                    HTTPRefusal(
                        status: .payloadTooLarge, reason: "request body over \(server.configuration.limits.maxRequestBodyBytes) bytes"),
                    context: context)
            }
        case .end:
            guard let head else { return }
            answer(head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A handshake the upgrader turned down: the request comes on to `channelRead`, which says why.
        if error is NIOWebSocketUpgradeError { return }
        logger.notice("malformed HTTP request; closing connection", metadata: ["http.error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: - Routes

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let peer = RTSPConnectionHandler.plainIP(context.remoteAddress?.ipAddress) ?? "unknown"
        logger.debug("request", metadata: ["http.method": "\(head.method.rawValue)", "http.uri": "\(head.uri)"])
        guard head.method == .GET || head.method == .HEAD else {
            return refuse(
                HTTPRefusal(
                    status: .methodNotAllowed, reason: "\(head.method.rawValue) is not served; only GET", headers: ["Allow": "GET, HEAD"]),
                context: context)
        }
        let route = HTTPRoute(uri: head.uri)
        if case .webSocket(let path, _) = route {
            // Reached only when the upgrade did not happen: say why.
            let reason =
                upgrade.refusal ?? HTTPRefusal(status: .badRequest, reason: "/ws?stream=\(path ?? "") expects a WebSocket handshake")
            return refuse(reason, context: context)
        }
        if case .notFound(let path) = route {
            return refuse(HTTPRefusal(status: .notFound, reason: "nothing at \(path)"), context: context)
        }
        let user: UserCredentials?
        switch server.authenticateHTTP(head, peer: peer, logger: logger) {
        case .success(let authenticated): user = authenticated
        case .failure(let refusal): return refuse(refusal, context: context)
        }
        switch route {
        case .liveView:
            let page = LiveViewPage.render(
                streams: server.streamPaths(for: user), token: server.issueBrowserToken(for: user, address: peer))
            respond(.ok, contentType: "text/html; charset=utf-8", body: page, head: head, context: context)
        case .token:
            let token = server.issueBrowserToken(for: user, address: peer)
            respond(.ok, contentType: "application/json", body: "{\"token\":\(JSONText.quoted(token))}", head: head, context: context)
        case .snapshot(let path, let width):
            snapshot(path: path, width: width, user: user, head: head, context: context)
        case .status:
            respond(
                .ok, contentType: "application/json", body: StatusDocument.render(server, version: server.configuration.softwareVersion),
                head: head, context: context)
        case .metrics:
            // Prometheus' text format, version 0.0.4: what every Prometheus and compatible scraper reads.
            respond(
                .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: server.metricsExposition(), head: head,
                context: context)
        case .webSocket, .notFound:
            break
        }
    }

    // MARK: - Snapshots

    /// How long a snapshot may wait for the next captured frame before the answer is 503.
    static let snapshotWait = TimeAmount.seconds(3)

    private func snapshot(path: String?, width: String?, user: UserCredentials?, head: HTTPRequestHead, context: ChannelHandlerContext) {
        let allowed = server.streamPaths(for: user)
        guard let path = path ?? allowed.first, let stream = server.streams[path] else {
            return refuse(HTTPRefusal(status: .notFound, reason: "no stream '\(path ?? "")'"), context: context)
        }
        guard allowed.contains(path) else {
            return refuse(HTTPRefusal(status: .forbidden, reason: "user \(user?.name ?? "-") may not watch '\(path)'"), context: context)
        }
        var scaledWidth: Int?
        if let width {
            guard let value = Int(width), value >= 16, value <= 8192, value.isMultiple(of: 2) else {
                return refuse(
                    HTTPRefusal(status: .badRequest, reason: "width=\(width.prefix(16)) is not an even number of pixels from 16 to 8192"),
                    context: context)
            }
            scaledWidth = value
        }
        guard let source = stream.source as? SnapshotSource else {
            return refuse(
                HTTPRefusal(status: .serviceUnavailable, reason: "stream '\(path)' has no raw pictures to make a JPEG of"), context: context
            )
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        source.requestSnapshot(width: scaledWidth) { result in
            eventLoop.execute { loopBound.value.snapshotArrived(result, head: head, context: contextBound.value) }
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.snapshotWait) { [self] in
            snapshotArrived(
                .failure(SnapshotUnavailable("no frame captured within \(Self.snapshotWait.nanoseconds / 1_000_000_000) s")), head: head,
                context: context)
        }
    }

    private func snapshotArrived(_ result: Result<[UInt8], SnapshotUnavailable>, head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard !answered else { return }
        switch result {
        case .success(let jpeg):
            respond(.ok, contentType: "image/jpeg", body: context.channel.allocator.buffer(bytes: jpeg), head: head, context: context)
        case .failure(let unavailable):
            refuse(HTTPRefusal(status: .serviceUnavailable, reason: unavailable.reason), context: context)
        }
    }

    // MARK: - Answers

    private func refuse(_ refusal: HTTPRefusal, context: ChannelHandlerContext) {
        logger.notice(
            "request refused",
            metadata: [
                "http.method": "\(head?.method.rawValue ?? "-")", "http.uri": "\(head?.uri ?? "-")",
                "http.status": "\(refusal.status.code)",
                "http.reason": "\(refusal.reason)",
            ])
        let body =
            refusal.status == .unauthorized
            ? LiveViewPage.unauthorized : "camstream: \(refusal.status.code) \(refusal.status.reasonPhrase): \(refusal.reason)\n"
        respond(
            refusal.status, contentType: refusal.status == .unauthorized ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
            body: body,
            head: head, extraHeaders: refusal.headers, context: context)
    }

    /// One response, then the connection closes: browsers open another for the next request, and a connection
    /// never outlives its one request.
    private func respond(
        _ status: HTTPResponseStatus, contentType: String, body: String, head: HTTPRequestHead?, extraHeaders: HTTPHeaders = [:],
        context: ChannelHandlerContext
    ) {
        respond(
            status, contentType: contentType, body: context.channel.allocator.buffer(string: body), head: head, extraHeaders: extraHeaders,
            context: context)
    }

    private func respond(
        _ status: HTTPResponseStatus, contentType: String, body: ByteBuffer, head: HTTPRequestHead?, extraHeaders: HTTPHeaders = [:],
        context: ChannelHandlerContext
    ) {
        guard !answered else { return }
        answered = true
        deadline?.cancel()
        var headers = HTTPHeaders()
        headers.add(name: "Server", value: RTSPConnectionHandler.serverName)
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Connection", value: "close")
        headers.add(contentsOf: extraHeaders)
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if head?.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
