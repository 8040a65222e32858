import NIOCore
import NIOPosix
import RTSP

/// SETUP: turn the client's Transport offer into a viewer with its own transport (RFC 2326 §10.4).
extension RTSPConnectionHandler {
    /// How many port pairs to try when others on the machine hold some of the range.
    static let bindAttempts = 8

    func setup(_ request: RTSPRequest, context: ChannelHandlerContext) {
        guard let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys),
            let stream = server.streams[target.streamPath], target.addressesVideoTrack
        else {
            respond(.notFound, to: request, context: context, reason: "no track at \(request.uri)")
            return
        }
        if request.headers["Session"] != nil {
            // One track per stream: a second SETUP in a session has nothing left to add.
            respond(.aggregateOperationNotAllowed, to: request, context: context, reason: "session already set up")
            return
        }
        guard let value = request.headers["Transport"] else {
            respond(.badRequest, to: request, context: context, reason: "SETUP without a Transport header")
            return
        }
        let offers: [TransportSpec]
        do {
            offers = try TransportHeader(parsing: value).specs
        } catch {
            respond(.badRequest, to: request, context: context, reason: "malformed Transport: \(error)")
            return
        }
        // The first offer we can serve wins: RFC 2326 §12.39 lists them in the client's order of preference.
        for offer in offers where !offer.isMulticast {
            switch offer.lowerTransport {
            case .tcp:
                setupInterleaved(request, offer: offer, stream: stream, context: context)
                return
            case .udp where offer.clientPort != nil:
                setupUDP(request, offer: offer, stream: stream, context: context)
                return
            case .udp:
                continue
            }
        }
        respond(.unsupportedTransport, to: request, context: context, reason: "no supported transport in '\(value)'")
    }

    private func setupInterleaved(_ request: RTSPRequest, offer: TransportSpec, stream: MediaStream, context: ChannelHandlerContext) {
        let channels = offer.interleaved ?? Self.firstFreeInterleavedPair(used: interleavedRTCP.keys)
        let rtcpChannel = channels.upperBound > channels.lowerBound ? channels.upperBound : channels.lowerBound &+ 1
        if interleavedRTCP[rtcpChannel] != nil || interleavedRTCP[channels.lowerBound &+ 1] != nil {
            respond(.unsupportedTransport, to: request, context: context, reason: "interleaved channels \(channels) already in use")
            return
        }
        let sessionID = RTSPSession.makeID()
        let transport = InterleavedTransport(channel: context.channel, rtpChannel: channels.lowerBound, rtcpChannel: rtcpChannel)
        let session = RTSPSession(id: sessionID, stream: stream, viewer: Viewer(sessionID: sessionID, transport: transport), trackURI: request.uri)
        sessions[sessionID] = session
        interleavedRTCP[rtcpChannel] = session
        var answer = TransportSpec()
        answer.lowerTransport = .tcp
        answer.interleaved = channels.lowerBound...rtcpChannel
        answer.ssrc = stream.ssrc
        var headers = sessionHeader(for: session)
        headers.add(name: "Transport", value: answer.rendered)
        respond(.ok, to: request, context: context, headers: headers)
    }

    static func firstFreeInterleavedPair(used: some Collection<UInt8>) -> ClosedRange<UInt8> {
        var rtp: UInt8 = 0
        while used.contains(rtp &+ 1), rtp < 254 { rtp += 2 }
        return rtp...(rtp + 1)
    }

    private func setupUDP(_ request: RTSPRequest, offer: TransportSpec, stream: MediaStream, context: ChannelHandlerContext) {
        guard let clientPorts = offer.clientPort, let remote = context.remoteAddress, let remoteIP = remote.ipAddress,
            let rtpDestination = try? SocketAddress(ipAddress: remoteIP, port: Int(clientPorts.lowerBound)),
            let rtcpDestination = try? SocketAddress(
                ipAddress: remoteIP, port: Int(clientPorts.upperBound > clientPorts.lowerBound ? clientPorts.upperBound : clientPorts.lowerBound + 1))
        else {
            respond(.unsupportedTransport, to: request, context: context, reason: "UDP transport without usable client_port")
            return
        }
        // Bind on the wildcard of the client's address family, so replies leave from the
        // interface the client reached us on.
        let wildcard = remote.protocol == .inet6 ? "::" : "0.0.0.0"
        // Where media comes from, as the player should see it: players send their NAT-opening packets
        // there (RFC 2326 §12.39 source), so behind NAT it must be the public address.
        let mediaSource = server.configuration.publicAddress ?? Self.plainIP(context.localAddress?.ipAddress)
        let rtspChannel = context.channel
        bindPortPair(on: wildcard, attempt: 0, rejected: []).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .failure(let error):
                write(response(.serviceUnavailable, to: request, headers: [:]), channel: rtspChannel)
                logger.warning("no free RTP port pair", metadata: ["error": "\(error)"])
            case .success(let (rtpPort, rtpChannel, rtcpChannel)):
                let sessionID = RTSPSession.makeID()
                let ports = server
                let transport = UDPTransport(
                    rtpChannel: rtpChannel, rtcpChannel: rtcpChannel, rtpDestination: rtpDestination, rtcpDestination: rtcpDestination,
                    onClose: { ports.ports.release(rtpPort) })
                let viewer = Viewer(sessionID: sessionID, transport: transport)
                let session = RTSPSession(id: sessionID, stream: stream, viewer: viewer, trackURI: request.uri)
                guard rtspChannel.isActive else {
                    transport.close()
                    return
                }
                sessions[sessionID] = session
                try? rtcpChannel.pipeline.syncOperations.addHandler(
                    RTCPReceiveHandler { [weak viewer] datagram in
                        if let viewer { stream.receivedRTCP(datagram, from: viewer) }
                    })
                var answer = TransportSpec()
                answer.lowerTransport = .udp
                answer.source = mediaSource
                answer.clientPort = clientPorts.lowerBound...UInt16(rtcpDestination.port ?? 0)
                answer.serverPort = UInt16(rtpPort)...UInt16(rtpPort + 1)
                answer.ssrc = stream.ssrc
                var headers = sessionHeader(for: session)
                headers.add(name: "Transport", value: answer.rendered)
                write(response(.ok, to: request, headers: headers), channel: rtspChannel)
            }
        }
    }

    /// Binds an RTP socket on an even port and RTCP on the next, from the configured range.
    private func bindPortPair(on host: String, attempt: Int, rejected: Set<Int>) -> EventLoopFuture<(Int, Channel, Channel)> {
        let loop = server.eventLoop
        guard attempt < Self.bindAttempts, let rtpPort = server.ports.allocate(excluding: rejected) else {
            return loop.makeFailedFuture(ServerError.cannotBind(addresses: [host], port: server.configuration.rtpPortRange.lowerBound, reason: "RTP port range exhausted"))
        }
        return DatagramBootstrap(group: loop).bind(host: host, port: rtpPort).flatMap { rtpChannel in
            DatagramBootstrap(group: loop).bind(host: host, port: rtpPort + 1).map { (rtpPort, rtpChannel, $0) }.flatMapError { error in
                rtpChannel.close(promise: nil)
                return loop.makeFailedFuture(error)
            }
        }.assumeIsolated().flatMapError { [self] _ in
            server.ports.release(rtpPort)
            return bindPortPair(on: host, attempt: attempt + 1, rejected: rejected.union([rtpPort]))
        }.nonisolated()
    }
}
