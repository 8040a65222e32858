/// One push target as an operator (or a later /api/status) sees it, from `RTSPServer.pushStatistics()`.
public struct PushStatistics: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Connecting, or in the handshake (OPTIONS … RECORD).
        case connecting
        /// RECORD was answered; media flows.
        case publishing
        /// The last attempt failed; waiting to try again.
        case backingOff = "backing off"
        case stopped
    }

    public var streamPath: String
    /// The relay's URL without its password.
    public var target: String
    public var transport: PushTarget.Transport
    public var state: State
    /// Why the last connection ended, if one did.
    public var lastError: String?
    /// Connections that reached publishing.
    public var sessions: Int
    /// Failed attempts since the push last published.
    public var failuresInARow: Int
    /// RTP bytes (with interleaved framing) and access units sent, over every connection.
    public var bytesSent: Int
    public var accessUnitsSent: Int
    /// Access units the relay did not get because its queue was full, over every connection.
    public var droppedAccessUnits: Int
}
