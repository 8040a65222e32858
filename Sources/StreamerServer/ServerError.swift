/// Failures of the server itself (not of a request, which gets an RTSP status instead).
public enum ServerError: Error, Hashable, CustomStringConvertible {
    case cannotBind(addresses: [String], port: Int, reason: String)
    /// No RTP/RTCP pair of the range could be had for a UDP viewer: all in use, or the free ones tried
    /// (`pairsTried`) would not bind, the last with `lastBindError` (another program holding the port).
    case rtpPortsExhausted(range: ClosedRange<Int>, pairsTried: Int, lastBindError: String?)
    case duplicateStreamPath(String)
    case invalidMulticast(path: String, reason: String)
    case multicastUnavailable(String, reason: String)
    case shuttingDown
    case sessionEnded
    case allStreamsEnded(String)

    public var description: String {
        switch self {
        case .cannotBind(let addresses, let port, let reason):
            "cannot listen on port \(port) (tried \(addresses.joined(separator: ", "))): \(reason)"
        case .rtpPortsExhausted(let range, let pairsTried, let lastBindError?):
            "no free RTP/RTCP port pair in \(range.lowerBound)-\(range.upperBound): \(pairsTried) tried would not bind, the last: \(lastBindError)"
        case .rtpPortsExhausted(let range, _, nil):
            "no free RTP/RTCP port pair in \(range.lowerBound)-\(range.upperBound): every pair is in use"
        case .duplicateStreamPath(let path):
            "two streams share the path '\(path)'"
        case .invalidMulticast(let path, let reason):
            "stream '\(path)': \(reason)"
        case .multicastUnavailable(let address, let reason):
            "cannot send to multicast group \(address): \(reason)"
        case .shuttingDown:
            "the server is shutting down"
        case .allStreamsEnded(let reason):
            "every stream has ended: \(reason)"
        case .sessionEnded:
            "the session ended before playing started"
        }
    }
}
