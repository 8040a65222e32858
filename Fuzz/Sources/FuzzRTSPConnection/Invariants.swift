import NIOCore
import RTSP
@_spi(Fuzzing) import StreamerServer

/// The server's promises, checked after every step of every input; a broken one traps, which libFuzzer reports.
struct Invariants {
    let limits: ServerLimits
    /// Who set up each session the server gave out: only that address may use it.
    private var owners: [String: String] = [:]
    /// Responses already checked, per connection.
    private var checkedResponses: [ObjectIdentifier: Int] = [:]

    init(limits: ServerLimits) {
        self.limits = limits
    }

    /// What must hold at any moment: the limits, ownership, answers in order so far, the port pool.
    mutating func checkHolding(_ census: RTSPServerCore.Census, clients: [SimulatedClient], datagrams: InMemoryDatagrams) {
        precondition(census.sessions <= limits.maxViewers, "\(census.sessions) sessions, more than max_viewers \(limits.maxViewers)")
        for (address, count) in census.sessionsByAddress {
            precondition(count <= limits.maxSessionsPerAddress, "\(address) holds \(count) sessions, more than \(limits.maxSessionsPerAddress)")
        }
        precondition(census.portPairsInUse <= census.portPairCapacity, "\(census.portPairsInUse) port pairs out of \(census.portPairCapacity)")
        precondition(
            census.portPairsInUse == census.udpSessions,
            "\(census.portPairsInUse) port pairs handed out for \(census.udpSessions) UDP sessions")
        precondition(datagrams.openCount == 2 * census.udpSessions, "\(datagrams.openCount) UDP sockets open for \(census.udpSessions) UDP sessions")
        for client in clients {
            checkAnswers(client, final: false)
            checkOutboundBound(client)
        }
        checkDatagramDestinations(datagrams)
    }

    /// Each request gets one answer, in order: the n-th response echoes the n-th request's CSeq. Only the
    /// connection's last response may answer no request it read (a refusal before hanging up: the parser's 400,
    /// 413, 414 or 505 for bytes that are no request it takes, echoing their CSeq when it could read one; 408 for
    /// a request that never finished; 503 at connect), and then the connection closes. At the end (`final`), an
    /// open connection has answered everything it read.
    mutating func checkAnswers(_ client: SimulatedClient, final: Bool) {
        let responses = client.responses
        let start = checkedResponses[ObjectIdentifier(client), default: 0]
        for index in start..<responses.count {
            let response = responses[index]
            let isFarewell =
                index == responses.count - 1 && response.status.code >= 400
                && (!client.isOpen || response.headers["Connection"]?.lowercased() == "close")
            guard let request = client.request(answeredBy: index) else {
                precondition(isFarewell, "response \(index) (\(response.status)) answers no request; \(client.requests.count) were sent")
                continue
            }
            if response.headers["CSeq"] != request.headers["CSeq"] {
                precondition(
                    isFarewell,
                    "response \(index) has CSeq \(response.headers["CSeq"] ?? "none") but request \(index) (\(request.method)) had \(request.headers["CSeq"] ?? "none")"
                )
                continue
            }
            checkOwnership(request, response, from: client)
        }
        checkedResponses[ObjectIdentifier(client)] = responses.count
        if final, client.isOpen {
            precondition(
                responses.count == client.requests.count,
                "the connection is open and answered \(responses.count) of the \(client.requests.count) requests it read")
        }
    }

    /// A session is its creator's: a request from another address that names it is refused (454).
    private mutating func checkOwnership(_ request: RTSPRequest, _ response: RTSPResponse, from client: SimulatedClient) {
        let succeeded = (200..<300).contains(response.status.code)
        let usesSession: Set<RTSPMethod> = [.setup, .play, .pause, .teardown, .getParameter, .setParameter]
        if let named = request.headers["Session"].flatMap({ try? SessionHeader(parsing: $0).id }), usesSession.contains(request.method),
            let owner = owners[named], owner != client.address
        {
            precondition(!succeeded, "\(client.address) used \(owner)'s session \(named): \(request.method) answered \(response.status)")
        }
        if succeeded, request.method == .setup, request.headers["Session"] == nil,
            let id = response.headers["Session"].flatMap({ try? SessionHeader(parsing: $0).id })
        {
            precondition(owners[id] == nil, "SETUP gave out session \(id) a second time")
            owners[id] = client.address
        }
    }

    /// While a client reads nothing, what the server has written for it stays bounded: its media stops at the
    /// high water mark, and it stops reading requests (whose answers would pile up) soon after.
    func checkOutboundBound(_ client: SimulatedClient) {
        let bound = limits.interleavedQueueBytes + 64 * 1024
        precondition(
            client.unreadByClient.readableBytes <= bound,
            "\(client.unreadByClient.readableBytes) bytes wait for a client that does not read, more than \(bound)")
    }

    /// Media and reports go only to the address that set the session up, whatever the datagrams that arrived
    /// claimed or the SETUP's `destination` said.
    private func checkDatagramDestinations(_ datagrams: InMemoryDatagrams) {
        for socket in datagrams.opened where socket.isActive {
            while let envelope = try? socket.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
                // A client's own IPv4 address in IPv6 form is still that client.
                var destination = envelope.remoteAddress.ipAddress ?? "?"
                if destination.hasPrefix("::ffff:") { destination.removeFirst(7) }
                precondition(
                    ConnectionRun.addresses.contains(destination), "the server sent a datagram to \(envelope.remoteAddress), no client's address")
            }
        }
    }

    /// A client replaced by a new connection: its conversation so far must have been in order.
    mutating func retire(_ client: SimulatedClient) {
        checkAnswers(client, final: false)
        checkedResponses[ObjectIdentifier(client)] = nil
    }

    func checkNoInterleavedSessions(_ census: RTSPServerCore.Census) {
        precondition(census.interleavedSessions == 0, "\(census.interleavedSessions) TCP-interleaved sessions outlived their connections")
    }

    func checkAllReleased(_ census: RTSPServerCore.Census, datagrams: InMemoryDatagrams) {
        precondition(census.sessions == 0, "\(census.sessions) sessions outlived the session timeout with every client gone")
        precondition(census.portPairsInUse == 0, "\(census.portPairsInUse) port pairs not returned")
        precondition(datagrams.openCount == 0, "\(datagrams.openCount) UDP sockets left open")
    }
}
