/// `/metrics`: the registry's counters as they stand, and the gauges read now from the sessions and `/proc`.
extension ServerContext {
    func metricsExposition() -> String {
        var counts: [ViewerCount: Int] = [:]
        for session in sessions.values where session.state == .playing {
            guard let kind = Self.transportKind(of: session.viewer.transport) else { continue }
            counts[ViewerCount(stream: session.stream.path, transport: kind, count: 0), default: 0] += 1
        }
        let viewers = counts.map { ViewerCount(stream: $0.key.stream, transport: $0.key.transport, count: $0.value) }
        return configuration.metrics.exposition(
            viewers: viewers, process: ProcessFigures.readCurrent(), version: configuration.softwareVersion)
    }

    static func transportKind(of transport: any RTPTransport) -> ViewerTransportKind? {
        switch transport {
        case is UDPTransport: .udp
        case is InterleavedTransport: .tcp
        case is MulticastMembership: .multicast
        case is WebSocketTransport: .websocket
        default: nil
        }
    }
}
