import NIOCore
import RTSP

/// The method table: which request goes where, and the one gate every request passes first.
extension RTSPConnectionHandler {
    /// What `OPTIONS` lists in `Public`, and 405/501 answers in `Allow`/`Public`: exactly what is implemented.
    /// GET_PARAMETER being listed is what makes live555 (VLC) send it as its keep-alive instead of OPTIONS.
    static let supportedMethods: [RTSPMethod] = [.options, .describe, .setup, .play, .pause, .teardown, .getParameter, .setParameter]
    static let publicHeader = supportedMethods.map(\.rawValue).joined(separator: ", ")
    /// RFC 2326 methods a camera does not take (it neither records nor redirects): 405 with `Allow`.
    static let refusedMethods: Set<RTSPMethod> = [.announce, .record, .redirect]
    /// Option tags a `Require` header may name; none are defined for what camstream does.
    static let supportedOptionTags: Set<String> = []

    /// The one place a request is admitted before it is handled: what every request must satisfy whatever
    /// its method, credentials included. Returns who is asking, to be compared with the owner of any session
    /// the request names.
    func accept(_ request: RTSPRequest) throws(RequestRefusal) -> SessionOwner {
        guard request.cseq != nil else { throw RequestRefusal(.badRequest, "missing or non-numeric CSeq") }
        let user = try authenticate(request)
        let unsupported = RequireHeader(values: request.headers.values(for: "Require")).unsupported(by: Self.supportedOptionTags)
        if !unsupported.isEmpty {
            throw RequestRefusal(
                .optionNotSupported, "Require names unsupported options \(unsupported)",
                headers: ["Unsupported": unsupported.joined(separator: ", ")])
        }
        return SessionOwner(address: Self.plainIP(channel?.remoteAddress?.ipAddress) ?? "unknown", user: user)
    }

    func dispatch(_ request: RTSPRequest, from requester: SessionOwner) throws -> Reply {
        logger.debug(
            "request",
            metadata: ["rtsp.method": "\(request.method)", "rtsp.uri": "\(request.uri)", "rtsp.cseq": "\(request.headers["CSeq"] ?? "")"])
        switch request.method {
        case .options:
            return .now(options(request, from: requester))
        case .describe:
            return .now(try describe(request))
        case .setup:
            return try setup(request, from: requester)
        case .play:
            return try play(request, from: requester)
        case .pause:
            return .now(try pause(request, from: requester))
        case .teardown:
            return .now(try teardown(request, from: requester))
        case .getParameter, .setParameter:
            return .now(try parameter(request, from: requester))
        case let method where Self.refusedMethods.contains(method):
            throw RequestRefusal(.methodNotAllowed, "\(method) is not supported by a camera", headers: ["Allow": Self.publicHeader])
        default:
            throw RequestRefusal(.notImplemented, "unknown method \(request.method)", headers: ["Public": Self.publicHeader])
        }
    }

    /// OPTIONS. live555 falls back to it as a keep-alive, so one naming a live session refreshes it — when it
    /// comes from the session's owner. OPTIONS is never challenged, so only the address can be compared.
    private func options(_ request: RTSPRequest, from requester: SessionOwner) -> RTSPResponse {
        var headers: RTSPHeaders = [:]
        if request.headers["Session"] != nil, let session = try? existingSession(for: request, from: requester, checkingUser: false) {
            server.touch(session)
            headers = sessionHeader(for: session)
        }
        headers.add(name: "Public", value: Self.publicHeader)
        return response(.ok, to: request, headers: headers)
    }

    /// GET_PARAMETER and SET_PARAMETER. With no body they are keep-alives (ffmpeg, GStreamer and live555 send
    /// an empty GET_PARAMETER); camstream has no parameters to read or set, so any named one is 451.
    private func parameter(_ request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> RTSPResponse {
        var headers: RTSPHeaders = [:]
        if request.headers["Session"] != nil {
            let session = try self.session(for: request, from: requester)
            headers = sessionHeader(for: session)
        }
        let names =
            request.body.map { String(buffer: $0) }.map { body in
                body.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            } ?? []
        if !names.isEmpty {
            throw RequestRefusal(.parameterNotUnderstood, "unknown parameters \(names.map(String.init))", headers: headers)
        }
        return response(.ok, to: request, headers: headers)
    }

    // MARK: - Sessions

    /// The session the request's `Session` header names; 454 when there is none, or when it is not the
    /// requester's. Naming it counts as hearing from the client.
    func session(for request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> RTSPSession {
        guard request.headers["Session"] != nil else { throw RequestRefusal(.sessionNotFound, "no Session header") }
        let session = try existingSession(for: request, from: requester)
        server.touch(session)
        return session
    }

    /// Someone else's session is answered exactly as an unknown one: 454 says nothing about whether it exists.
    /// Only the log, at notice, says whose it was.
    private func existingSession(
        for request: RTSPRequest, from requester: SessionOwner, checkingUser: Bool = true
    ) throws(RequestRefusal) -> RTSPSession {
        guard let value = request.headers["Session"], let header = try? SessionHeader(parsing: value) else {
            throw RequestRefusal(.sessionNotFound, "malformed Session header")
        }
        guard let session = server.session(id: header.id) else {
            throw RequestRefusal(.sessionNotFound, "unknown session \(header.id)")
        }
        guard session.owner.admits(requester, checkingUser: checkingUser) else {
            logger.notice(
                "request for another client's session refused",
                metadata: [
                    "rtsp.method": "\(request.method)", "rtsp.session": "\(session.id)", "rtsp.requester": "\(requester)",
                    "rtsp.owner": "\(session.owner)",
                ])
            throw RequestRefusal(.sessionNotFound, "session \(header.id) belongs to another client")
        }
        return session
    }

    /// A session is controlled through its own stream's URL (aggregate or track); another stream's URL is an
    /// aggregate operation across presentations (459), an unknown one 404.
    func checkTarget(of request: RTSPRequest, controls session: RTSPSession) throws(RequestRefusal) {
        guard request.uri != "*" else { return }
        guard let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys) else {
            throw RequestRefusal(.notFound, "no stream at \(request.uri)")
        }
        guard target.streamPath == session.stream.path else {
            throw RequestRefusal(
                .aggregateOperationNotAllowed, "session \(session.id) belongs to '\(session.stream.path)', not '\(target.streamPath)'")
        }
        guard target.addressesVideoTrack else { throw RequestRefusal(.notFound, "no track at \(request.uri)") }
    }

    /// The state `method` moves the session to; 455 when it is not valid now.
    func nextState(of session: RTSPSession, after method: RTSPMethod) throws(RequestRefusal) -> RTSPSessionState {
        guard let next = session.state.next(after: method) else {
            throw RequestRefusal(.methodNotValidInThisState, "\(method) in state \(session.state)")
        }
        return next
    }

    func sessionHeader(for session: RTSPSession) -> RTSPHeaders {
        ["Session": SessionHeader(id: session.id, timeout: server.configuration.sessionTimeoutSeconds).rendered]
    }
}
