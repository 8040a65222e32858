import Logging
import NIOCore
import RTSP
import SDP

/// One RTSP control connection: answers requests in order and owns the sessions created on it.
///
/// The methods of RFC 2326 §10 that a live camera needs; everything else gets the proper 4xx/5xx.
final class RTSPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = RTSPMessage
    typealias OutboundOut = ByteBuffer

    static let supportedMethods: [RTSPMethod] = [.options, .describe, .setup, .play, .pause, .teardown, .getParameter]
    static let publicHeader = supportedMethods.map(\.rawValue).joined(separator: ", ")

    let server: ServerContext
    var logger: Logger
    var sessions: [String: RTSPSession] = [:]
    /// Interleaved channel → session, for RTCP a TCP viewer sends back on its odd channel.
    var interleavedRTCP: [UInt8: RTSPSession] = [:]
    var channel: Channel?

    init(server: ServerContext) {
        self.server = server
        self.logger = server.logger
    }

    func channelActive(context: ChannelHandlerContext) {
        channel = context.channel
        logger[metadataKey: "rtsp.peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
        logger.debug("connection opened")
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A client that goes away takes its sessions with it: nothing is left sending into the void.
        for session in sessions.values { end(session) }
        sessions.removeAll()
        interleavedRTCP.removeAll()
        logger.debug("connection closed")
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .request(let request):
            handle(request, context: context)
        case .interleaved(let frame):
            if let session = interleavedRTCP[frame.channel] {
                session.stream.receivedRTCP(frame.payload, from: session.viewer)
            }
        case .response:
            // Clients answer nothing we ask; a stray response is ignored rather than fatal.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let parseError = error as? RTSPParseError {
            logger.notice("malformed request; closing connection", metadata: ["rtsp.error": "\(parseError.reason)"])
            var headers = RTSPHeaders()
            headers.add(name: "Server", value: Self.serverName)
            headers.add(name: "Connection", value: "close")
            write(RTSPResponse(status: parseError.status, headers: headers, body: nil), context: context)
        } else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    // MARK: - Dispatch

    static let serverName = "camstream"

    private func handle(_ request: RTSPRequest, context: ChannelHandlerContext) {
        guard let cseq = request.cseq else {
            respond(.badRequest, to: request, context: context, reason: "missing or non-numeric CSeq")
            return
        }
        logger.debug("request", metadata: ["rtsp.method": "\(request.method)", "rtsp.uri": "\(request.uri)", "rtsp.cseq": "\(cseq)"])
        switch request.method {
        case .options:
            respond(.ok, to: request, context: context, headers: ["Public": Self.publicHeader])
        case .describe:
            describe(request, context: context)
        case .setup:
            setup(request, context: context)
        case .play:
            play(request, context: context)
        case .pause:
            pause(request, context: context)
        case .teardown:
            teardown(request, context: context)
        case .getParameter:
            // An empty GET_PARAMETER is the keep-alive ffmpeg, GStreamer and live555 send.
            respond(.ok, to: request, context: context, headers: sessionHeader(for: request))
        case .announce, .record, .redirect, .setParameter:
            respond(.methodNotAllowed, to: request, context: context, headers: ["Allow": Self.publicHeader])
        default:
            respond(.notImplemented, to: request, context: context, headers: ["Public": Self.publicHeader])
        }
    }

    // MARK: - DESCRIBE

    private func describe(_ request: RTSPRequest, context: ChannelHandlerContext) {
        if let accept = request.headers["Accept"], !Self.accepts(sdpIn: accept) {
            respond(.notAcceptable, to: request, context: context, reason: "only application/sdp is offered")
            return
        }
        guard let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys), target.track == nil,
            let stream = server.streams[target.streamPath]
        else {
            respond(.notFound, to: request, context: context, reason: "no stream at \(request.uri)")
            return
        }
        let parameterSets = stream.source.parameterSets
        // Behind NAT the public address stands in for ours in o= and c= (a unicast c= has no TTL).
        let publicAddress = server.configuration.publicAddress
        let description = H264SessionDescription(
            sessionID: stream.sessionID, sessionVersion: 1,
            originAddress: publicAddress ?? Self.plainIP(context.localAddress?.ipAddress) ?? "0.0.0.0",
            connectionAddress: publicAddress, multicastTTL: nil,
            trackControl: RequestTarget.trackControl,
            profileLevelID: parameterSets.profileLevelID, spropParameterSets: parameterSets.spropParameterSets)
        var body = context.channel.allocator.buffer(capacity: 512)
        body.writeString(description.rendered)
        // Content-Base ends in "/" so that relative track URLs resolve beneath the stream (RFC 2326 §C.1.1).
        let base = request.uri.hasSuffix("/") ? request.uri : request.uri + "/"
        respond(.ok, to: request, context: context, headers: ["Content-Base": base, "Content-Type": "application/sdp"], body: body)
    }

    static func accepts(sdpIn accept: String) -> Bool {
        accept.split(separator: ",").contains { item in
            let type = item.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
            return type == "application/sdp" || type == "application/*" || type == "*/*"
        }
    }

    /// IPv4-mapped IPv6 addresses (dual-stack sockets) printed as the IPv4 address clients know.
    static func plainIP(_ address: String?) -> String? {
        guard let address else { return nil }
        return address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }

    // MARK: - PLAY, PAUSE, TEARDOWN

    private func play(_ request: RTSPRequest, context: ChannelHandlerContext) {
        guard let session = session(for: request, context: context) else { return }
        if session.state == .playing {
            respond(.ok, to: request, context: context, headers: sessionHeader(for: session))
            return
        }
        session.state = .playing
        let rtspChannel = context.channel
        session.stream.play(session.viewer).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let start):
                let info = RTPInfoHeader(entries: [.init(url: session.trackURI, sequenceNumber: start.sequenceNumber, rtpTime: start.rtpTimestamp)])
                var headers = sessionHeader(for: session)
                headers.add(name: "Range", value: "npt=0.000-")
                headers.add(name: "RTP-Info", value: info.rendered)
                write(response(.ok, to: request, headers: headers), channel: rtspChannel)
                logger.info("viewer playing", metadata: ["rtsp.session": "\(session.id)", "rtp.transport": "\(session.viewer.transport.description)"])
            case .failure:
                write(response(.sessionNotFound, to: request, headers: [:]), channel: rtspChannel)
            }
        }
    }

    private func pause(_ request: RTSPRequest, context: ChannelHandlerContext) {
        guard let session = session(for: request, context: context) else { return }
        session.stream.stopSending(to: session.viewer)
        session.state = .ready
        respond(.ok, to: request, context: context, headers: sessionHeader(for: session))
    }

    private func teardown(_ request: RTSPRequest, context: ChannelHandlerContext) {
        guard let session = session(for: request, context: context) else { return }
        end(session)
        sessions[session.id] = nil
        interleavedRTCP = interleavedRTCP.filter { $0.value !== session }
        respond(.ok, to: request, context: context)
    }

    func end(_ session: RTSPSession) {
        session.stream.remove(session.viewer)
        session.viewer.transport.close()
    }

    // MARK: - Sessions

    /// The session the request's Session header names; answers 454 itself when there is none.
    func session(for request: RTSPRequest, context: ChannelHandlerContext) -> RTSPSession? {
        guard let value = request.headers["Session"], let header = try? SessionHeader(parsing: value) else {
            respond(.sessionNotFound, to: request, context: context, reason: "no Session header")
            return nil
        }
        guard let session = sessions[header.id] else {
            respond(.sessionNotFound, to: request, context: context, reason: "unknown session \(header.id)")
            return nil
        }
        return session
    }

    func sessionHeader(for session: RTSPSession) -> RTSPHeaders {
        ["Session": SessionHeader(id: session.id, timeout: server.configuration.sessionTimeoutSeconds).rendered]
    }

    private func sessionHeader(for request: RTSPRequest) -> RTSPHeaders {
        guard let value = request.headers["Session"], let header = try? SessionHeader(parsing: value),
            let session = sessions[header.id]
        else { return [:] }
        return sessionHeader(for: session)
    }

    // MARK: - Responses

    func response(_ status: RTSPStatus, to request: RTSPRequest, headers extra: RTSPHeaders = [:], body: ByteBuffer? = nil) -> RTSPResponse {
        var headers = RTSPHeaders()
        // Echoed as sent (RFC 2326 §12.17); a request without one gets a response without one.
        if let cseq = request.headers["CSeq"] { headers.add(name: "CSeq", value: cseq) }
        headers.add(name: "Server", value: Self.serverName)
        for (name, value) in extra { headers.add(name: name, value: value) }
        return RTSPResponse(status: status, headers: headers, body: body)
    }

    func respond(
        _ status: RTSPStatus, to request: RTSPRequest, context: ChannelHandlerContext,
        headers: RTSPHeaders = [:], body: ByteBuffer? = nil, reason: String? = nil
    ) {
        if let reason, status.code >= 400 {
            logger.notice("request refused", metadata: ["rtsp.method": "\(request.method)", "rtsp.status": "\(status.code)", "rtsp.reason": "\(reason)"])
        }
        write(response(status, to: request, headers: headers, body: body), context: context)
    }

    private func write(_ response: RTSPResponse, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        buffer.writeRTSPResponse(response)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }

    func write(_ response: RTSPResponse, channel: Channel) {
        var buffer = channel.allocator.buffer(capacity: 256)
        buffer.writeRTSPResponse(response)
        channel.writeAndFlush(buffer, promise: nil)
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
