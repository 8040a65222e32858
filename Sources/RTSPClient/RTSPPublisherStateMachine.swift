import NIOCore
import RTSP

/// The protocol of one push to a relay over one connection: OPTIONS, ANNOUNCE with the stream's SDP, SETUP in
/// record mode, RECORD, then keep-alives until TEARDOWN.
///
/// Pure, as NIOSOCKS' client state machine is: responses and events go in, requests to send and actions for the
/// connection come out. It reads no clock and opens no socket; the caller schedules keep-alives (every
/// `Publishing.keepAliveSeconds`) and owns reconnects and backoff, which are policy around one connection's
/// protocol, not part of it. A machine serves one connection: a redirect or a failure ends it, and the caller
/// starts a fresh one.
///
/// Authentication: the first 401 is answered once with the strongest scheme the relay offers (Digest SHA-256,
/// Digest MD5, Basic); later requests carry credentials from the start. A second 401 that is not a stale nonce
/// means the credentials are wrong: that is a failure for the caller to back off from, never a loop.
///
/// Specification: RFC 2326 §10.1, §10.3, §10.4 (mode=record), §10.11, §10.7, §12.37; RFC 2617; RFC 7616
public struct RTSPPublisherStateMachine: Sendable {
    public enum Transport: Sendable, Hashable {
        /// RTP and RTCP interleaved on the RTSP connection (RFC 2326 §10.12): one outbound TCP connection carries
        /// everything, so it passes any NAT and most firewalls.
        case tcp
        /// RTP and RTCP from this even/odd pair of local UDP ports to the relay's `server_port` pair.
        case udp(clientPorts: ClosedRange<UInt16>)
    }

    public struct Configuration: Sendable, Hashable {
        /// Where to publish; its user and password (or `credentials`) answer a 401.
        public var url: RTSPURL
        public var transport: Transport
        /// The SDP announced (RFC 4566 text), the same description viewers get from DESCRIBE.
        public var sessionDescription: String
        /// The SDP's media-level `a=control`, which names the track in SETUP.
        public var trackControl: String
        public var userAgent: String
        /// The Digest `cnonce`: random, chosen by the caller so that this value stays pure.
        public var clientNonce: String

        public init(
            url: RTSPURL, transport: Transport = .tcp, sessionDescription: String, trackControl: String = "trackID=0",
            userAgent: String = "camstream", clientNonce: String
        ) {
            self.url = url
            self.transport = transport
            self.sessionDescription = sessionDescription
            self.trackControl = trackControl
            self.userAgent = userAgent
            self.clientNonce = clientNonce
        }
    }

    /// What the relay agreed to, once RECORD is answered: media may flow.
    public struct Publishing: Sendable, Hashable {
        public var session: String
        /// Half the session timeout the relay gave (60 s when it gave none), at least 1 s: a keep-alive every
        /// this long keeps the session alive with one lost keep-alive to spare.
        public var keepAliveSeconds: Int
        /// The relay's answer to SETUP: interleaved channels for TCP (0-1 when it names none), `server_port`
        /// for UDP.
        public var transport: TransportSpec
    }

    public enum Action: Sendable, Hashable {
        /// Write this request.
        case send(RTSPRequest)
        /// Write this answer to a request the relay sent us.
        case respond(RTSPResponse)
        /// RECORD is answered: start sending media as `Publishing` says.
        case publish(Publishing)
        /// The relay moved the stream: close this connection and publish to the URL with a fresh machine.
        case redirect(RTSPURL)
        /// Close the connection; the push failed for this reason.
        case fail(RTSPPublisherError)
        /// Close the connection; the push ended as asked.
        case close
        case none
    }

    private enum Step: Sendable, Hashable {
        case options, announce, setup, record, keepAlive, teardown

        var method: RTSPMethod {
            switch self {
            case .options, .keepAlive: .options
            case .announce: .announce
            case .setup: .setup
            case .record: .record
            case .teardown: .teardown
            }
        }
    }

    /// The request awaiting its response, kept to send again with credentials after a 401.
    private struct PendingRequest: Sendable {
        var step: Step
        var cseq: Int
        var request: RTSPRequest
        /// How often this request was already answered 401 and sent again with credentials.
        var authorizationRetries: Int
    }

    private enum State: Sendable, Hashable {
        case idle
        /// A handshake or teardown request is out.
        case awaiting(Step)
        case publishing
        case closed
    }

    public let configuration: Configuration
    private var state: State = .idle
    private var nextCSeq = 1
    private var pending: PendingRequest?
    /// CSeq of the keep-alive that is out, while publishing.
    private var keepAliveCSeq: Int?
    private var authorization: ClientAuthorization?
    private var session: SessionHeader?
    private var publishing: Publishing?

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var isPublishing: Bool { state == .publishing }

    /// The connection is open: the first request.
    public mutating func connected() -> Action {
        guard state == .idle else { return .none }
        return send(.options, uri: configuration.url.requestURI)
    }

    /// A response from the relay.
    public mutating func received(_ response: RTSPResponse) -> Action {
        guard let cseq = response.cseq else {
            return fail(.malformedResponse(method: pending?.step.method ?? .options, reason: "no CSeq"))
        }
        if cseq == keepAliveCSeq {
            keepAliveCSeq = nil
            // A keep-alive answered 401 has met a new nonce: the next one carries the new credentials.
            if response.status == .unauthorized, let user = authorization?.user, let password = authorization?.password {
                authorization =
                    ClientAuthorization(
                        challenges: AuthenticationChallenge.parsingAll(response.headers.values(for: "WWW-Authenticate")),
                        user: user, password: password, clientNonce: configuration.clientNonce) ?? authorization
            }
            return .none
        }
        guard let current = pending, current.cseq == cseq else {
            // A late answer to something already settled (or a relay's mistake): nothing waits for it.
            return .none
        }
        pending = nil
        let method = current.step.method
        if response.status == .unauthorized {
            return authenticate(after: response, retrying: current)
        }
        if [301, 302, 303, 305, 307].contains(response.status.code), current.step != .teardown {
            guard let location = response.headers["Location"] else {
                return fail(.malformedResponse(method: method, reason: "\(response.status) without a Location"))
            }
            state = .closed
            do {
                return .redirect(try configuration.url.resolving(location))
            } catch {
                return .fail(.malformedResponse(method: method, reason: "redirect to '\(location.prefix(128))': \(error)"))
            }
        }
        guard (200..<300).contains(response.status.code) else {
            if current.step == .teardown {
                state = .closed
                return .close
            }
            return fail(.refused(method: method, status: response.status))
        }
        switch current.step {
        case .options:
            var body = ByteBufferAllocator().buffer(capacity: configuration.sessionDescription.utf8.count)
            body.writeString(configuration.sessionDescription)
            return send(.announce, uri: configuration.url.requestURI, headers: ["Content-Type": "application/sdp"], body: body)
        case .announce:
            return send(.setup, uri: trackURI, headers: ["Transport": requestedTransport.rendered])
        case .setup:
            return setUp(response)
        case .record:
            state = .publishing
            guard let publishing else { return fail(.malformedResponse(method: .record, reason: "no session")) }
            return .publish(publishing)
        case .teardown:
            state = .closed
            return .close
        case .keepAlive:
            return .none
        }
    }

    /// A request from the relay (RFC 2326 lets a server send OPTIONS or GET_PARAMETER to a client): answered so
    /// the relay is not left waiting, with 501 for anything a publisher has no use for.
    public func received(_ request: RTSPRequest) -> Action {
        var headers: RTSPHeaders = [:]
        if let cseq = request.headers["CSeq"] { headers.add(name: "CSeq", value: cseq) }
        headers.add(name: "User-Agent", value: configuration.userAgent)
        let known = request.method == .options || request.method == .getParameter
        return .respond(RTSPResponse(status: known ? .ok : RTSPStatus(code: 501, reasonPhrase: "Not Implemented"), headers: headers))
    }

    /// Time for a keep-alive: OPTIONS naming the session (every RTSP server answers OPTIONS; GET_PARAMETER is
    /// optional). If the previous one is still unanswered, the relay is gone or stopped reading.
    public mutating func keepAliveDue() -> Action {
        guard state == .publishing else { return .none }
        guard keepAliveCSeq == nil else { return fail(.relayStoppedAnswering) }
        guard case .send(let request) = send(.keepAlive, uri: configuration.url.requestURI) else { return .none }
        keepAliveCSeq = pending?.cseq
        pending = nil
        return .send(request)
    }

    /// Stop publishing: TEARDOWN when a session exists (the caller closes after its answer or a short wait),
    /// else just close.
    public mutating func stop() -> Action {
        switch state {
        case .publishing:
            keepAliveCSeq = nil
            return send(.teardown, uri: configuration.url.requestURI)
        case .awaiting(let step) where step != .teardown && session != nil:
            return send(.teardown, uri: configuration.url.requestURI)
        case .idle, .awaiting, .closed:
            state = .closed
            return .close
        }
    }

    // MARK: - Steps

    private var trackURI: String {
        (try? configuration.url.resolving(configuration.trackControl).requestURI) ?? configuration.url.requestURI
    }

    private var requestedTransport: TransportSpec {
        switch configuration.transport {
        case .tcp: TransportSpec(lowerTransport: .tcp, interleaved: 0...1, mode: "record")
        case .udp(let ports): TransportSpec(lowerTransport: .udp, clientPort: ports, mode: "record")
        }
    }

    private mutating func setUp(_ response: RTSPResponse) -> Action {
        guard let sessionText = response.headers["Session"], let session = try? SessionHeader(parsing: sessionText) else {
            return fail(.malformedResponse(method: .setup, reason: "no valid Session header"))
        }
        guard let transportText = response.headers["Transport"], let spec = (try? TransportHeader(parsing: transportText))?.specs.first
        else {
            return fail(.malformedResponse(method: .setup, reason: "no valid Transport header"))
        }
        var agreed = spec
        switch configuration.transport {
        case .tcp:
            guard spec.lowerTransport == .tcp else { return fail(.transportRefused(transportText)) }
            if agreed.interleaved == nil { agreed.interleaved = 0...1 }
            guard let channels = agreed.interleaved, channels.lowerBound < UInt8.max else { return fail(.transportRefused(transportText)) }
            if channels.count == 1 { agreed.interleaved = channels.lowerBound...(channels.lowerBound + 1) }
        case .udp:
            guard spec.lowerTransport == .udp, spec.serverPort != nil, !spec.isMulticast else {
                return fail(.transportRefused(transportText))
            }
        }
        self.session = session
        let timeout = session.timeout ?? 60
        publishing = Publishing(session: session.id, keepAliveSeconds: max(timeout / 2, 1), transport: agreed)
        return send(.record, uri: configuration.url.requestURI, headers: ["Range": "npt=0.000-"])
    }

    /// A 401: answer it once with credentials, or say why not.
    private mutating func authenticate(after response: RTSPResponse, retrying current: PendingRequest) -> Action {
        let challenges = AuthenticationChallenge.parsingAll(response.headers.values(for: "WWW-Authenticate"))
        let realm = challenges.lazy.compactMap { $0.parameters["realm"] }.first
        guard let user = configuration.url.user else { return fail(.credentialsRequired(realm: realm)) }
        let stale = challenges.contains { $0.parameters["stale"]?.lowercased() == "true" }
        // One answer to a challenge; a second only when the relay says our nonce went stale.
        guard current.authorizationRetries == 0 || (stale && current.authorizationRetries == 1) else {
            return fail(.unauthorized(user: user, realm: authorization?.realm ?? realm))
        }
        guard
            let fresh = ClientAuthorization(
                challenges: challenges, user: user, password: configuration.url.password ?? "", clientNonce: configuration.clientNonce)
        else {
            return fail(.unsupportedChallenge(schemes: challenges.map(\.scheme)))
        }
        authorization = fresh
        var request = current.request
        request.headers.remove(name: "Authorization")
        return send(
            current.step, uri: request.uri, headers: Self.methodHeaders(of: request), body: request.body,
            authorizationRetries: current.authorizationRetries + 1)
    }

    /// The headers a request was built with after the common ones, to rebuild it with a new CSeq.
    private static func methodHeaders(of request: RTSPRequest) -> RTSPHeaders {
        let common = ["CSeq", "User-Agent", "Authorization", "Session"]
        return RTSPHeaders(
            request.headers.filter { field in !common.contains { $0.caseInsensitiveCompare(field.name) } }.map { ($0.name, $0.value) })
    }

    /// Builds and records a request: CSeq, User-Agent, Authorization, Session, then the method's own headers.
    private mutating func send(
        _ step: Step, uri: String, headers extra: RTSPHeaders = [:], body: ByteBuffer? = nil, authorizationRetries: Int = 0
    ) -> Action {
        let cseq = nextCSeq
        nextCSeq += 1
        var headers: RTSPHeaders = ["CSeq": String(cseq), "User-Agent": configuration.userAgent]
        if var authorization {
            headers.add(name: "Authorization", value: authorization.value(method: step.method.rawValue, uri: uri))
            self.authorization = authorization
        }
        if let session { headers.add(name: "Session", value: session.id) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let request = RTSPRequest(method: step.method, uri: uri, headers: headers, body: body)
        pending = PendingRequest(step: step, cseq: cseq, request: request, authorizationRetries: authorizationRetries)
        if step != .keepAlive { state = .awaiting(step) }
        return .send(request)
    }

    private mutating func fail(_ error: RTSPPublisherError) -> Action {
        state = .closed
        pending = nil
        return .fail(error)
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
