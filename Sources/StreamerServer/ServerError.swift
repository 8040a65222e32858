/// Failures of the server itself (not of a request, which gets an RTSP status instead).
public enum ServerError: Error, Hashable, CustomStringConvertible {
    case cannotBind(addresses: [String], port: Int, reason: String)
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
