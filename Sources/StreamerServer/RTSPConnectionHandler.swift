import Logging
import NIOCore
import RTSP

/// One RTSP control connection: reads requests, answers them strictly in order, and carries the media of the
/// TCP-interleaved sessions set up on it.
///
/// Answers are in request order even when one takes time (a PLAY waits for the next keyframe, a UDP SETUP for
/// its sockets): requests that arrive meanwhile wait in a bounded queue, as HTTP pipelining requires.
final class RTSPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = RTSPMessage
    typealias OutboundOut = ByteBuffer

    let server: ServerContext
    var logger: Logger
    /// Interleaved RTCP channel → the session whose media rides this connection.
    var interleavedSessions: [UInt8: String] = [:]
    /// Sessions set up on this connection, for the idle rule: a connection with a live session is not idle.
    var createdSessions: Set<String> = []
    var channel: Channel?
    private var waiting: [RTSPRequest] = []
    /// Requests the current read brought (see `channelReadComplete`).
    private var requestsThisRead = 0
    private var answering = false
    /// Called when every request read so far has been answered, for BackPressureHandler to read on.
    var allAnswered: (() -> Void)?
    /// Requests read and not yet answered: while there are any, nothing more is read (BackPressureHandler).
    var hasUnansweredRequests: Bool { answering || !waiting.isEmpty }
    private var isOpen = false
    /// The `Connection: close` answer to bytes that were not a request, held until every request before them has
    /// its answer: written at once, it would reach the client ahead of a PLAY still waiting for its keyframe, and
    /// be taken for that PLAY's answer (found by FuzzRTSPConnection).
    private var farewell: RTSPResponse?
    private var lastRequest: NIODeadline
    private var idleCheck: Scheduled<Void>?
    /// When `idleCheck` fires; `distantFuture` while none is scheduled.
    private var idleCheckDeadline = NIODeadline.distantFuture
    /// Kept from `channelActive` to `channelInactive`, for the deadline a request's first bytes set.
    private var idleContext: ChannelHandlerContext?
    /// When the first byte of a request not yet complete arrived (nil: between requests).
    private var partialRequestSince: NIODeadline?
    /// The address this connection was counted under, once admitted.
    private var admittedAddress: String?

    init(server: ServerContext) {
        self.server = server
        self.logger = server.logger
        self.lastRequest = server.eventLoop.now
    }

    func channelActive(context: ChannelHandlerContext) {
        channel = context.channel
        isOpen = true
        lastRequest = context.eventLoop.now
        logger[metadataKey: "rtsp.peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
        let address = Self.plainIP(context.remoteAddress?.ipAddress) ?? "unknown"
        if let refusal = server.admitConnection(from: address) {
            logger.notice("connection refused", metadata: ["rtsp.reason": "\(refusal)"])
            server.configuration.metrics.connectionRefused(refusal.reason)
            refuseAndClose(.serviceUnavailable, context: context)
            return
        }
        admittedAddress = address
        logger.debug("connection opened")
        idleContext = context
        checkIdle(notAfter: lastRequest + idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleContext = nil
        isOpen = false
        if let admittedAddress { server.connectionClosed(from: admittedAddress) }
        admittedAddress = nil
        // Media that rode this connection has nowhere to go: those sessions end now. UDP and multicast
        // sessions live on until TEARDOWN or their timeout.
        for sessionID in interleavedSessions.values {
            if let session = server.session(id: sessionID) { server.end(session, reason: "connection closed") }
        }
        interleavedSessions.removeAll()
        waiting.removeAll()
        logger.debug("connection closed")
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            for sessionID in interleavedSessions.values {
                if let session = server.session(id: sessionID) { session.stream.viewerCanReceiveAgain(session.viewer) }
            }
            answerWaitingRequests()
        }
        context.fireChannelWritabilityChanged()
    }

    /// One read's requests were all sent before the client could see any answer to them: more than
    /// `maxPipelinedRequests` in one read is a client with more than that many ahead of their answers. Answering
    /// them all at once (a 64 KiB read holds some 900 DESCRIBEs) would hold the event loop, and every viewer's
    /// frames, for that long.
    func channelReadComplete(context: ChannelHandlerContext) {
        requestsThisRead = 0
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .request(let request):
            // The rest of a read that brought a closing connection more requests: nothing more is answered.
            guard isOpen, farewell == nil else { return }
            lastRequest = context.eventLoop.now
            partialRequestSince = nil
            requestsThisRead += 1
            let limit = server.configuration.limits.maxPipelinedRequests
            guard waiting.count < limit, requestsThisRead <= limit else {
                logger.notice("too many pipelined requests; closing connection", metadata: ["rtsp.limit": "\(limit)"])
                isOpen = false
                context.close(promise: nil)
                return
            }
            waiting.append(request)
            answerWaitingRequests()
        case .interleaved(let frame):
            partialRequestSince = nil
            // RTCP (odd channel) or a client's RTP: either way the client is alive.
            let rtcpChannel = frame.channel | 1
            guard let sessionID = interleavedSessions[rtcpChannel], let session = server.session(id: sessionID) else { return }
            server.touch(session)
            if frame.channel == rtcpChannel { session.stream.receivedRTCP(frame.payload, from: session.viewer) }
        case .response:
            // Clients answer nothing we ask; a stray response is ignored rather than fatal.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let parseError = error as? RTSPParseError {
            logger.notice("malformed request; closing connection", metadata: ["rtsp.error": "\(parseError.reason)"])
            var headers = RTSPHeaders()
            // Echoed when the parser could read it, so the client can tell which request this answers.
            if let cseq = parseError.cseq { headers.add(name: "CSeq", value: cseq) }
            headers.add(name: "Server", value: Self.serverName)
            headers.add(name: "Connection", value: "close")
            let answer = RTSPResponse(status: parseError.status, headers: headers, body: nil)
            guard isOpen, farewell == nil else { return }
            if hasUnansweredRequests {
                // Said after the answers owed; a request that never gets one closes the connection at the request
                // timeout instead.
                farewell = answer
                context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) { context.close(promise: nil) }
                return
            }
            write(answer)
        } else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    // MARK: - In-order answers

    /// A response now, or one that completes later (PLAY, UDP SETUP).
    enum Reply {
        case now(RTSPResponse)
        case later(EventLoopFuture<RTSPResponse>)
    }

    /// Answers nothing while the connection's queue is full (BackPressureHandler has stopped reading too): the
    /// requests of one read that came before it filled wait here, bounded by `maxPipelinedRequests`, instead of
    /// their answers piling up behind those the client is not reading.
    private func answerWaitingRequests() {
        while !answering, !waiting.isEmpty, isOpen, channel?.isWritable != false {
            let request = waiting.removeFirst()
            switch reply(to: request) {
            case .now(let response):
                write(response)
            case .later(let future):
                answering = true
                future.assumeIsolated().whenComplete { [self] result in
                    switch result {
                    case .success(let response):
                        write(response)
                    case .failure(let error):
                        write(response(to: request, refusal: refusal(for: error)))
                    }
                    answering = false
                    answerWaitingRequests()
                }
            }
        }
        guard !hasUnansweredRequests else { return }
        if let farewell {
            self.farewell = nil
            write(farewell)
            return
        }
        allAnswered?()
    }

    private func reply(to request: RTSPRequest) -> Reply {
        do {
            let requester = try accept(request)
            return try dispatch(request, from: requester)
        } catch {
            return .now(response(to: request, refusal: refusal(for: error)))
        }
    }

    func refusal(for error: Error) -> RequestRefusal {
        switch error {
        case let refusal as RequestRefusal: refusal
        case let parseError as RTSPParseError: RequestRefusal(parseError.status, parseError.reason)
        case ServerError.sessionEnded, ServerError.shuttingDown: RequestRefusal(.sessionNotFound, "\(error)")
        default: RequestRefusal(.internalServerError, "\(error)")
        }
    }

    private func response(to request: RTSPRequest, refusal: RequestRefusal) -> RTSPResponse {
        // A TEARDOWN of a session that has already ended (a timeout, a camera that went away) is a client
        // saying goodbye late, which ffmpeg does after every stream the server ends: nothing worth a notice.
        let isLateGoodbye = request.method == .teardown && refusal.status == .sessionNotFound
        logger.log(
            level: isLateGoodbye ? .debug : .notice,
            "request refused",
            metadata: [
                "rtsp.method": "\(request.method)", "rtsp.uri": "\(request.uri)", "rtsp.status": "\(refusal.status.code)",
                "rtsp.reason": "\(refusal.reason)",
            ])
        return response(refusal.status, to: request, headers: refusal.headers)
    }

    // MARK: - Idle connections

    private var idleTimeout: TimeAmount {
        .seconds(Int64(max(server.configuration.limits.idleConnectionTimeoutSeconds, 1)))
    }

    private var requestTimeout: TimeAmount {
        .seconds(Int64(max(server.configuration.limits.requestTimeoutSeconds, 1)))
    }

    /// Makes sure the connection is looked at no later than `deadline`. One timer per connection waits for the
    /// nearest deadline instead of polling: a request that comes meanwhile only means it waits again when it fires.
    private func checkIdle(notAfter deadline: NIODeadline, context: ChannelHandlerContext) {
        guard deadline < idleCheckDeadline else { return }
        idleCheck?.cancel()
        idleCheckDeadline = deadline
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            idleCheckDeadline = .distantFuture
            closeIfIdle(context: context)
        }
    }

    /// Closes a connection whose request has taken too long to arrive (408), or that has gone quiet with no
    /// session to keep it; otherwise waits for the next deadline.
    private func closeIfIdle(context: ChannelHandlerContext) {
        let now = context.eventLoop.now
        if let since = partialRequestSince, now - since >= requestTimeout {
            logger.notice("request not complete in time; closing connection", metadata: ["rtsp.timeout_seconds": "\(requestTimeout.nanoseconds / 1_000_000_000)"])
            refuseAndClose(.requestTimeout, context: context)
            return
        }
        var idleDeadline = lastRequest + idleTimeout
        if idleDeadline <= now {
            if !answering {
                createdSessions = createdSessions.filter { server.session(id: $0) != nil }
                if createdSessions.isEmpty {
                    logger.info("closing idle connection", metadata: ["rtsp.idle_seconds": "\(idleTimeout.nanoseconds / 1_000_000_000)"])
                    context.close(promise: nil)
                    return
                }
            }
            // Kept open by a session or an answer under way: look again a quarter of the timeout from now.
            idleDeadline = now + .nanoseconds(idleTimeout.nanoseconds / 4)
        }
        let requestDeadline = partialRequestSince.map { $0 + requestTimeout } ?? .distantFuture
        checkIdle(notAfter: min(idleDeadline, requestDeadline), context: context)
    }

    /// Bytes have arrived that are not yet a whole request: the request deadline starts with the first of them.
    func requestBytesArrived(at time: NIODeadline) {
        guard partialRequestSince == nil else { return }
        partialRequestSince = time
        if let context = idleContext { checkIdle(notAfter: time + requestTimeout, context: context) }
    }

    /// A one-line answer before hanging up, for refusals that are not about any one request.
    private func refuseAndClose(_ status: RTSPStatus, context: ChannelHandlerContext) {
        var headers = RTSPHeaders()
        headers.add(name: "Server", value: Self.serverName)
        headers.add(name: "Connection", value: "close")
        var buffer = context.channel.allocator.buffer(capacity: 96)
        buffer.writeRTSPResponse(RTSPResponse(status: status, headers: headers, body: nil))
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
        context.close(promise: nil)
    }

    // MARK: - Responses

    static let serverName = "camstream"

    func response(_ status: RTSPStatus, to request: RTSPRequest, headers extra: RTSPHeaders = [:], body: ByteBuffer? = nil) -> RTSPResponse {
        var headers = RTSPHeaders()
        // Echoed as sent (RFC 2326 §12.17); a request without one gets a response without one.
        if let cseq = request.headers["CSeq"] { headers.add(name: "CSeq", value: cseq) }
        headers.add(name: "Server", value: Self.serverName)
        for (name, value) in extra { headers.add(name: name, value: value) }
        return RTSPResponse(status: status, headers: headers, body: body)
    }

    /// Writes a response; one that says `Connection: close` (a refusal for abuse) is the connection's last.
    func write(_ response: RTSPResponse) {
        guard let channel else { return }
        var buffer = channel.allocator.buffer(capacity: 256)
        buffer.writeRTSPResponse(response)
        if response.headers["Connection"]?.lowercased() == "close" {
            isOpen = false
            channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.writeAndFlush(buffer, promise: nil)
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }
}
