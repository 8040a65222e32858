import H264
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import RTSPAuth

/// One HTTP/1.1 connection before (or instead of) a WebSocket upgrade. Persistent, as browsers, Home Assistant's
/// camera poller and Prometheus expect: after each answer the connection waits for the next request, unless the
/// client asked to close (`Connection: close`, or HTTP/1.0 without `keep-alive`) or the request broke a limit.
/// Routes are thin: the page, a token, a snapshot, the status, the metrics, or the refusal of a WebSocket
/// handshake that was not one (only a connection's first request can be a handshake: NIO's upgrader leaves after it).
///
/// Bounded like RTSP: the request head's size and header count, the body's size, a deadline for each request
/// (which is also how long an idle connection is kept), and one answer at a time. While an answer is being written
/// nothing more is read from the socket, so a client that sends requests without reading the answers stops being
/// read; the complete requests of one read wait their turn, at most `maxPipelinedRequests` of them (one more closes
/// the connection, as RTSP does).
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ServerContext
    private let upgrade: WebSocketUpgradeState
    private var logger: Logger
    /// The request being received: its head came, its end has not.
    private var receiving: HTTPRequestHead?
    private var bodyBytes = 0
    /// The body of the request being received, kept for ONVIF's SOAP (bounded by `maxRequestBodyBytes`); other
    /// routes take none.
    private var receivingBody: [UInt8] = []
    /// Whether the request being received is ONVIF's, decided once from its head rather than for every body chunk.
    private var keepsBody = false
    /// Complete requests waiting for their answer, in order, with their bodies.
    private var waiting: [(head: HTTPRequestHead, body: [UInt8])] = []
    /// The request being answered (nil for a 408 to a request whose head never came), until its answer is written.
    private var head: HTTPRequestHead?
    private var answering = false
    /// Counts answered requests, so a late snapshot or timer for an earlier one never answers a later one.
    private var answeredCount = 0
    private var requestsThisRead = 0
    /// A read the channel asked for while an answer was pending: done once it is written.
    private var readHeld = false
    private var closing = false
    private var deadline: Scheduled<Void>?

    init(server: ServerContext, upgrade: WebSocketUpgradeState) {
        self.server = server
        self.upgrade = upgrade
        self.logger = server.logger
    }

    private var requestTimeout: TimeAmount { .seconds(Int64(max(server.configuration.limits.requestTimeoutSeconds, 1))) }

    func handlerAdded(context: ChannelHandlerContext) {
        logger[metadataKey: "http.peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
        armDeadline(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    /// From the end of one answer (or the connection's start): the next request must be complete within the request
    /// timeout. A connection that has been answered and sent nothing more is idle and closes quietly; one that has
    /// started a request and not finished it is answered 408.
    private func armDeadline(context: ChannelHandlerContext) {
        deadline?.cancel()
        let timeout = requestTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard !answering, waiting.isEmpty, !closing else { return }
            if receiving == nil, answeredCount > 0 {
                logger.debug("idle connection closed", metadata: ["http.idle_seconds": "\(timeout.nanoseconds / 1_000_000_000)"])
                closing = true
                context.close(promise: nil)
                return
            }
            head = receiving
            answering = true
            refuse(
                HTTPRefusal(status: .requestTimeout, reason: "request not complete within \(timeout.nanoseconds / 1_000_000_000) s"),
                context: context, close: true)
        }
    }

    func read(context: ChannelHandlerContext) {
        if answering || !waiting.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        requestsThisRead = 0
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let limits = server.configuration.limits
        switch Self.unwrapInboundIn(data) {
        case .head(let request):
            requestsThisRead += 1
            guard requestsThisRead <= limits.maxPipelinedRequests, waiting.count < limits.maxPipelinedRequests else {
                logger.notice("too many pipelined requests; closing connection", metadata: ["http.limit": "\(limits.maxPipelinedRequests)"])
                return closeNow(context: context)
            }
            receiving = request
            bodyBytes = 0
            receivingBody = []
            keepsBody = HTTPRoute(uri: request.uri) == .onvif
            let headBytes = request.uri.utf8.count + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
            if headBytes > limits.maxRequestHeadBytes || request.headers.count > limits.maxHeaderCount {
                refuseBrokenLimit(
                    HTTPRefusal(
                        status: .requestHeaderFieldsTooLarge,
                        reason:
                            "request head of \(headBytes) bytes in \(request.headers.count) fields is over \(limits.maxRequestHeadBytes) bytes or \(limits.maxHeaderCount) fields"
                    ), context: context)
            }
        case .body(let body):
            bodyBytes += body.readableBytes
            if bodyBytes <= limits.maxRequestBodyBytes, keepsBody {
                receivingBody += body.readableBytesView
            }
            if bodyBytes > limits.maxRequestBodyBytes {
                refuseBrokenLimit(
                    HTTPRefusal(status: .payloadTooLarge, reason: "request body over \(limits.maxRequestBodyBytes) bytes"), context: context
                )
            }
        case .end:
            guard let request = receiving else { return }
            receiving = nil
            waiting.append((request, receivingBody))
            receivingBody = []
            answerNext(context: context)
        }
    }

    /// A request over a size limit is answered at once and the connection closed: what follows it cannot be trusted
    /// to be a request. Behind other answers, it is closed without one.
    private func refuseBrokenLimit(_ refusal: HTTPRefusal, context: ChannelHandlerContext) {
        guard !answering, waiting.isEmpty else {
            logger.notice("request over a limit while others wait; closing connection", metadata: ["http.reason": "\(refusal.reason)"])
            return closeNow(context: context)
        }
        head = receiving
        receiving = nil
        answering = true
        refuse(refusal, context: context, close: true)
    }

    private func closeNow(context: ChannelHandlerContext) {
        closing = true
        waiting.removeAll()
        context.close(promise: nil)
    }

    private func answerNext(context: ChannelHandlerContext) {
        guard !answering, !closing, !waiting.isEmpty else { return }
        let request = waiting.removeFirst()
        head = request.head
        answering = true
        deadline?.cancel()
        answer(request.head, body: request.body, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A handshake the upgrader turned down: the request comes on to `channelRead`, which says why.
        if error is NIOWebSocketUpgradeError { return }
        logger.notice("malformed HTTP request; closing connection", metadata: ["http.error": "\(error)"])
        closeNow(context: context)
    }

    // MARK: - Routes

    private func answer(_ head: HTTPRequestHead, body: [UInt8], context: ChannelHandlerContext) {
        let peer = RTSPConnectionHandler.plainIP(context.remoteAddress?.ipAddress) ?? "unknown"
        logger.debug("request", metadata: ["http.method": "\(head.method.rawValue)", "http.uri": "\(head.uri)"])
        let route = HTTPRoute(uri: head.uri)
        if route == .onvif, server.configuration.onvif != nil {
            guard head.method == .POST else {
                return refuse(
                    HTTPRefusal(status: .methodNotAllowed, reason: "ONVIF services take SOAP by POST", headers: ["Allow": "POST"]),
                    context: context)
            }
            let answer = server.answerONVIF(head, body: body, peer: peer, localAddress: context.localAddress, logger: logger)
            return respond(
                answer.status, contentType: "application/soap+xml; charset=utf-8", body: answer.document, head: head,
                extraHeaders: answer.headers,
                context: context)
        }
        guard head.method == .GET || head.method == .HEAD else {
            return refuse(
                HTTPRefusal(
                    status: .methodNotAllowed, reason: "\(head.method.rawValue) is not served; only GET", headers: ["Allow": "GET, HEAD"]),
                context: context)
        }
        if case .webSocket(let path, _) = route {
            // Reached only when the upgrade did not happen: say why.
            // The upgrader's refusal answers the request it was about: a connection's first.
            let reason =
                (answeredCount == 0 ? upgrade.refusal : nil)
                ?? HTTPRefusal(
                    status: .badRequest, reason: "/ws?stream=\(path ?? "") expects a WebSocket handshake as a connection's first request")
            return refuse(reason, context: context)
        }
        if case .notFound(let path) = route {
            return refuse(HTTPRefusal(status: .notFound, reason: "nothing at \(path)"), context: context)
        }
        if route == .onvif {
            return refuse(HTTPRefusal(status: .notFound, reason: "ONVIF is turned off (onvif.enabled: false)"), context: context)
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
        case .webSocket, .notFound, .onvif:
            break
        }
    }

    // MARK: - Snapshots

    /// How long a snapshot may wait for the next captured frame before the answer is 503.
    static let snapshotWait = TimeAmount.seconds(3)

    private func snapshot(path: String?, width: String?, user: UserCredentials?, head: HTTPRequestHead, context: ChannelHandlerContext) {
        let allowed = server.streamPaths(for: user)
        guard let path = path ?? allowed.first, server.streams[path] != nil else {
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
        guard let (source, substreamWidth) = server.snapshotSource(for: path) else {
            return refuse(
                HTTPRefusal(status: .serviceUnavailable, reason: "stream '\(path)' has no raw pictures to make a JPEG of"), context: context
            )
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let request = answeredCount
        source.requestSnapshot(width: scaledWidth ?? substreamWidth) { result in
            eventLoop.execute { loopBound.value.snapshotArrived(result, request: request, head: head, context: contextBound.value) }
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.snapshotWait) { [self] in
            snapshotArrived(
                .failure(SnapshotUnavailable("no frame captured within \(Self.snapshotWait.nanoseconds / 1_000_000_000) s")),
                request: request, head: head, context: context)
        }
    }

    /// The first of the JPEG and the wait's end answers request number `request`, if it is still being answered.
    private func snapshotArrived(
        _ result: Result<[UInt8], SnapshotUnavailable>, request: Int, head: HTTPRequestHead, context: ChannelHandlerContext
    ) {
        guard request == answeredCount, answering, !closing else { return }
        switch result {
        case .success(let jpeg):
            respond(.ok, contentType: "image/jpeg", body: context.channel.allocator.buffer(bytes: jpeg), head: head, context: context)
        case .failure(let unavailable):
            refuse(HTTPRefusal(status: .serviceUnavailable, reason: unavailable.reason), context: context)
        }
    }

    // MARK: - Answers

    /// Refusals keep the connection, except where said (`close`): a request over a limit, or one not complete in time.
    private func refuse(_ refusal: HTTPRefusal, context: ChannelHandlerContext, close: Bool = false) {
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
            head: head, extraHeaders: refusal.headers, close: close, context: context)
    }

    private func respond(
        _ status: HTTPResponseStatus, contentType: String, body: String, head: HTTPRequestHead?, extraHeaders: HTTPHeaders = [:],
        close: Bool = false, context: ChannelHandlerContext
    ) {
        respond(
            status, contentType: contentType, body: context.channel.allocator.buffer(string: body), head: head, extraHeaders: extraHeaders,
            close: close, context: context)
    }

    /// One answer to the request being answered. Once it is written the connection takes the next request (or
    /// reads again), or closes when the client asked for that, it was HTTP/1.0 without keep-alive, or `close`.
    private func respond(
        _ status: HTTPResponseStatus, contentType: String, body: ByteBuffer, head: HTTPRequestHead?, extraHeaders: HTTPHeaders = [:],
        close: Bool = false, context: ChannelHandlerContext
    ) {
        guard answering, !closing else { return }
        let keepAlive = !close && head?.isKeepAlive == true
        if !keepAlive { closing = true }
        deadline?.cancel()
        var headers = HTTPHeaders()
        headers.add(name: "Server", value: RTSPConnectionHandler.serverName)
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Cache-Control", value: "no-store")
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if head?.version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        headers.add(contentsOf: extraHeaders)
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if head?.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { [self] result in
            guard keepAlive, case .success = result else { return context.close(promise: nil) }
            answered(context: context)
        }
    }

    /// The answer is written: the next waiting request is answered, or the held read done and the deadline armed.
    private func answered(context: ChannelHandlerContext) {
        self.head = nil
        answering = false
        answeredCount += 1
        if !waiting.isEmpty { return answerNext(context: context) }
        armDeadline(context: context)
        if readHeld {
            readHeld = false
            context.read()
        }
    }
}
