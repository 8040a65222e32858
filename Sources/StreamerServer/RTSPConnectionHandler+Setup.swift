import NIOCore
import RTSP

/// SETUP: turn the client's Transport offer into a viewer with its own transport (RFC 2326 §10.4).
extension RTSPConnectionHandler {
    /// How many port pairs to try when others on the machine hold some of the range.
    static let bindAttempts = 8

    func setup(_ request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> Reply {
        guard let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys),
            let stream = server.streams[target.streamPath], target.addressesVideoTrack
        else {
            throw RequestRefusal(.notFound, "no track at \(request.uri)")
        }
        guard !stream.isEnded else {
            server.configuration.metrics.sessionRefused(.streamEnded)
            throw RequestRefusal(.serviceUnavailable, "stream '\(stream.path)' has ended")
        }
        if request.headers["Session"] == nil {
            createdSessions = createdSessions.filter { server.session(id: $0) != nil }
            let limit = server.configuration.limits.maxSessionsPerConnection
            guard createdSessions.count < limit else {
                throw RequestRefusal(
                    .notEnoughBandwidth, "this connection already has its maximum of \(limit) sessions", headers: ["Connection": "close"])
            }
            try checkSessionsPerAddress(of: requester)
        }
        // A SETUP naming a session changes its transport; one stream per session, one track per stream.
        var existing: RTSPSession?
        if request.headers["Session"] != nil {
            let session = try session(for: request, from: requester)
            guard session.stream === stream else {
                throw RequestRefusal(.aggregateOperationNotAllowed, "session \(session.id) belongs to '\(session.stream.path)', not '\(stream.path)'")
            }
            _ = try nextState(of: session, after: .setup)
            existing = session
        } else {
            try checkCapacity(for: stream)
        }
        guard let value = request.headers["Transport"] else { throw RequestRefusal(.badRequest, "SETUP without a Transport header") }
        let offers: [TransportSpec]
        do {
            offers = try TransportHeader(parsing: value).specs
        } catch {
            throw RequestRefusal(error.status, "malformed Transport: \(error.reason)")
        }
        // The first offer we can serve wins: RFC 2326 §12.39 lists them in the client's order of preference.
        for offer in offers where offer.profile == "RTP/AVP" && (offer.mode ?? "PLAY") == "PLAY" {
            switch offer.lowerTransport {
            case .tcp:
                return .now(try setupInterleaved(request, offer: offer, stream: stream, owner: requester, replacing: existing))
            case .udp where offer.isMulticast && stream.multicastGroup != nil:
                return .later(setupMulticast(request, stream: stream, owner: requester, replacing: existing))
            case .udp where !offer.isMulticast && offer.clientPort != nil:
                return .later(try setupUDP(request, offer: offer, stream: stream, owner: requester, replacing: existing))
            case .udp:
                continue
            }
        }
        throw RequestRefusal(.unsupportedTransport, "no supported transport in '\(value)'")
    }

    /// 453 when the stream has all the viewers it may have, 503 when the server has.
    private func checkCapacity(for stream: MediaStream) throws(RequestRefusal) {
        let limits = server.configuration.limits
        if server.sessionCount(of: stream) >= limits.maxViewersPerStream {
            server.configuration.metrics.sessionRefused(.streamViewerLimit)
            throw RequestRefusal(.notEnoughBandwidth, "stream '\(stream.path)' has its maximum of \(limits.maxViewersPerStream) viewers")
        }
        if server.sessions.count >= limits.maxViewers {
            server.configuration.metrics.sessionRefused(.serverViewerLimit)
            throw RequestRefusal(.serviceUnavailable, "the server has its maximum of \(limits.maxViewers) viewers")
        }
    }

    /// 453 when `owner`'s address holds all the sessions one address may, over all its connections.
    private func checkSessionsPerAddress(of owner: SessionOwner) throws(RequestRefusal) {
        let limit = server.configuration.limits.maxSessionsPerAddress
        guard server.sessionCount(ownedBy: owner.address) < limit else {
            server.configuration.metrics.sessionRefused(.addressSessionLimit)
            throw RequestRefusal(.notEnoughBandwidth, "\(owner.address) already has its maximum of \(limit) sessions")
        }
    }

    /// What may have changed while a UDP or multicast SETUP waited for its sockets: the session it changes may
    /// have ended, or other connections may have taken the last seats, of the stream, of the server or of the
    /// same address. Without this second count, SETUPs arriving together all pass the first and overshoot
    /// every cap.
    private func checkInstallable(owner: SessionOwner, stream: MediaStream, replacing existing: RTSPSession?) throws(RequestRefusal) {
        if let existing {
            guard server.session(id: existing.id) === existing else { throw RequestRefusal(.sessionNotFound, "session ended during SETUP") }
        } else {
            try checkCapacity(for: stream)
            try checkSessionsPerAddress(of: owner)
        }
    }

    /// Registers a new session owned by `owner`, or gives an existing one its new viewer (the old transport is
    /// closed).
    private func install(
        _ viewer: Viewer, stream: MediaStream, request: RTSPRequest, owner: SessionOwner, replacing existing: RTSPSession?
    ) -> RTSPSession {
        if let existing {
            existing.viewer.transport.close()
            interleavedSessions = interleavedSessions.filter { $0.value != existing.id }
            existing.viewer = viewer
            existing.trackURI = request.uri
            return existing
        }
        let session = RTSPSession(
            id: viewer.sessionID, stream: stream, viewer: viewer, trackURI: request.uri, owner: owner, now: server.eventLoop.now)
        server.add(session)
        createdSessions.insert(session.id)
        logger.info("session set up", metadata: ["rtsp.session": "\(session.id)", "stream.path": "\(stream.path)", "rtp.transport": "\(viewer.transport.description)"])
        return session
    }

    private func transportResponse(_ answer: TransportSpec, session: RTSPSession, request: RTSPRequest) -> RTSPResponse {
        var headers = sessionHeader(for: session)
        headers.add(name: "Transport", value: answer.rendered)
        return response(.ok, to: request, headers: headers)
    }

    // MARK: - TCP interleaved

    private func setupInterleaved(
        _ request: RTSPRequest, offer: TransportSpec, stream: MediaStream, owner: SessionOwner, replacing existing: RTSPSession?
    ) throws(RequestRefusal) -> RTSPResponse {
        guard let channel else { throw RequestRefusal(.internalServerError, "connection not active") }
        // Sessions that have ended are forgotten. The one this SETUP changes keeps its entry until its new transport
        // is installed: a refusal below leaves it riding this connection, which must still end it when it closes.
        interleavedSessions = interleavedSessions.filter { server.session(id: $0.value) != nil }
        var used = interleavedSessions.filter { $0.value != existing?.id }
        let (rtpChannel, rtcpChannel) = try offer.interleavedPair() ?? Self.firstFreeInterleavedPair(used: used.keys)
        guard used[rtcpChannel] == nil else {
            throw RequestRefusal(.unsupportedTransport, "interleaved channels \(rtpChannel)-\(rtcpChannel) already in use")
        }
        let sessionID = existing?.id ?? RTSPSession.makeID()
        let transport = InterleavedTransport(channel: channel, rtpChannel: rtpChannel, rtcpChannel: rtcpChannel)
        let session = install(
            Viewer(sessionID: sessionID, transport: transport), stream: stream, request: request, owner: owner, replacing: existing)
        used[rtcpChannel] = session.id
        interleavedSessions = used
        var answer = TransportSpec()
        answer.lowerTransport = .tcp
        answer.interleaved = rtpChannel...rtcpChannel
        answer.ssrc = stream.ssrc
        return transportResponse(answer, session: session, request: request)
    }

    /// The lowest pair whose RTCP channel (the key of `used`) is free; 254-255 when none is, which the caller
    /// then finds taken.
    static func firstFreeInterleavedPair(used: some Collection<UInt8>) -> (rtp: UInt8, rtcp: UInt8) {
        var rtp: UInt8 = 0
        while used.contains(rtp | 1), rtp < 254 { rtp += 2 }
        return (rtp, rtp | 1)
    }

    // MARK: - UDP unicast

    private func setupUDP(
        _ request: RTSPRequest, offer: TransportSpec, stream: MediaStream, owner: SessionOwner, replacing existing: RTSPSession?
    ) throws(RequestRefusal) -> EventLoopFuture<RTSPResponse> {
        guard let clientPorts = try offer.clientPortPair(), let remote = channel?.remoteAddress, let remoteIP = remote.ipAddress,
            let rtpDestination = try? SocketAddress(ipAddress: remoteIP, port: Int(clientPorts.rtp)),
            let rtcpDestination = try? SocketAddress(ipAddress: remoteIP, port: Int(clientPorts.rtcp))
        else {
            throw RequestRefusal(.unsupportedTransport, "UDP transport without usable client_port")
        }
        // Bind on the wildcard of the client's address family, so replies leave from the
        // interface the client reached us on.
        let wildcard = remote.protocol == .inet6 ? "::" : "0.0.0.0"
        let sessionID = existing?.id ?? RTSPSession.makeID()
        let server = self.server
        let receiveRTP: DatagramReceiver = { envelope in
            guard let session = server.session(id: sessionID), let transport = session.viewer.transport as? UDPTransport,
                transport.isFromClient(envelope.remoteAddress)
            else { return }
            server.touch(session)
            if transport.latchRTP(to: envelope.remoteAddress) {
                server.logger.debug("RTP destination latched", metadata: ["rtsp.session": "\(sessionID)", "rtp.destination": "\(envelope.remoteAddress)"])
            }
        }
        let receiveRTCP: DatagramReceiver = { envelope in
            guard let session = server.session(id: sessionID), let transport = session.viewer.transport as? UDPTransport,
                transport.isFromClient(envelope.remoteAddress)
            else { return }
            server.touch(session)
            transport.latchRTCP(to: envelope.remoteAddress)
            session.stream.receivedRTCP(envelope.data, from: session.viewer)
        }
        return bindPortPair(on: wildcard, rejected: [], lastError: nil, receiveRTP: receiveRTP, receiveRTCP: receiveRTCP)
            .flatMapError { error in
                server.configuration.metrics.sessionRefused(.noRTPPorts)
                return server.eventLoop.makeFailedFuture(RequestRefusal(.serviceUnavailable, "\(error)"))
            }
            .assumeIsolated().flatMapThrowing { [self] (rtpPort, rtpChannel, rtcpChannel) in
                let ports = server
                let transport = UDPTransport(
                    rtpChannel: rtpChannel, rtcpChannel: rtcpChannel, serverRTPPort: rtpPort, rtpDestination: rtpDestination,
                    rtcpDestination: rtcpDestination, onClose: { ports.ports.release(rtpPort) })
                do {
                    try checkInstallable(owner: owner, stream: stream, replacing: existing)
                } catch {
                    transport.close()
                    throw error
                }
                let session = install(
                    Viewer(sessionID: sessionID, transport: transport), stream: stream, request: request, owner: owner, replacing: existing)
                var answer = TransportSpec()
                answer.lowerTransport = .udp
                answer.clientPort = clientPorts.rtp...clientPorts.rtcp
                answer.serverPort = UInt16(rtpPort)...UInt16(rtpPort + 1)
                answer.ssrc = stream.ssrc
                // Where media comes from, as the player should see it: players send their NAT-opening packets
                // there (RFC 2326 §12.39 source), so behind NAT it must be the public address.
                answer.source = server.configuration.publicAddress ?? Self.plainIP(channel?.localAddress?.ipAddress)
                return transportResponse(answer, session: session, request: request)
            }.nonisolated()
    }

    /// Binds an RTP socket on an even port and RTCP on the next, from the configured range. `rejected` are the
    /// pairs tried that would not bind, `lastError` why the last of them would not: when no pair is left, the
    /// refusal says so, and a port held by another program shows as what it is, not as a full range.
    private func bindPortPair(
        on host: String, rejected: Set<Int>, lastError: Error?,
        receiveRTP: @escaping DatagramReceiver, receiveRTCP: @escaping DatagramReceiver
    ) -> EventLoopFuture<(Int, Channel, Channel)> {
        let loop = server.eventLoop
        guard rejected.count < Self.bindAttempts, let rtpPort = server.ports.allocate(excluding: rejected) else {
            return loop.makeFailedFuture(
                ServerError.rtpPortsExhausted(
                    range: server.configuration.rtpPortRange, pairsTried: rejected.count, lastBindError: lastError.map { "\($0)" }))
        }
        let binder = server.datagramBinder
        @Sendable func bind(port: Int, _ receive: @escaping DatagramReceiver) -> EventLoopFuture<Channel> {
            binder.bind(host, port, loop) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramReceiveHandler(receive: receive))
                }
            }
        }
        return bind(port: rtpPort, receiveRTP).flatMap { rtpChannel in
            bind(port: rtpPort + 1, receiveRTCP).map { (rtpPort, rtpChannel, $0) }.flatMapError { error in
                rtpChannel.close(promise: nil)
                return loop.makeFailedFuture(error)
            }
        }.assumeIsolated().flatMapError { [self] error in
            server.ports.release(rtpPort)
            return bindPortPair(
                on: host, rejected: rejected.union([rtpPort]), lastError: error, receiveRTP: receiveRTP, receiveRTCP: receiveRTCP)
        }.nonisolated()
    }

    // MARK: - UDP multicast

    /// Every multicast viewer of a stream shares its one group sender; the answer names the configured group,
    /// whatever `destination` the client proposed.
    private func setupMulticast(
        _ request: RTSPRequest, stream: MediaStream, owner: SessionOwner, replacing existing: RTSPSession?
    ) -> EventLoopFuture<RTSPResponse> {
        let server = self.server
        let receive: DatagramReceiver = { envelope in
            server.receivedMulticastRTCP(envelope, stream: stream)
        }
        return stream.openMulticast(receive: receive)
            .flatMapError { error in
                server.eventLoop.makeFailedFuture(RequestRefusal(.unsupportedTransport, "multicast unavailable: \(error)"))
            }
            .assumeIsolated().flatMapThrowing { [self] group in
                try checkInstallable(owner: owner, stream: stream, replacing: existing)
                let sessionID = existing?.id ?? RTSPSession.makeID()
                let session = install(
                    Viewer(sessionID: sessionID, transport: MulticastMembership(group: group)), stream: stream, request: request, owner: owner,
                    replacing: existing)
                var answer = TransportSpec()
                answer.lowerTransport = .udp
                answer.isMulticast = true
                answer.destination = group.group.address
                answer.port = UInt16(group.group.rtpPort)...UInt16(group.group.rtpPort + 1)
                answer.ttl = UInt8(truncatingIfNeeded: group.group.ttl)
                answer.ssrc = stream.ssrc
                return transportResponse(answer, session: session, request: request)
            }.nonisolated()
    }
}
