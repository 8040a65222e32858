import RTSP

/// Why a push to a relay stopped, as one log line can say it. Every case names what the relay sent or did
/// not send, so an operator can tell a wrong password from a wrong path from a relay that is down.
public enum RTSPPublisherError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The relay answered a request with an error status.
    case refused(method: RTSPMethod, status: RTSPStatus)
    /// The relay wants credentials and the target has none.
    case credentialsRequired(realm: String?)
    /// The relay refused the credentials it was sent.
    case unauthorized(user: String, realm: String?)
    /// The relay's 401 offers no scheme a publisher speaks.
    case unsupportedChallenge(schemes: [String])
    /// A response the protocol does not allow: no CSeq, no Session after SETUP, a redirect without a Location.
    case malformedResponse(method: RTSPMethod, reason: String)
    /// SETUP was answered with a transport other than the one asked for.
    case transportRefused(String)
    /// A redirect after the one that is followed.
    case tooManyRedirects(location: String)
    /// A keep-alive stayed unanswered for a whole keep-alive interval: the relay is gone or stopped reading.
    case relayStoppedAnswering

    public var description: String {
        switch self {
        case .refused(let method, let status): "the relay answered \(method) with \(status)"
        case .credentialsRequired(let realm):
            "the relay asks for credentials\(realm.map { " (realm \"\($0)\")" } ?? ""); set user and password (or password_file) for this push target"
        case .unauthorized(let user, let realm):
            "the relay refused the credentials of user '\(user)'\(realm.map { " (realm \"\($0)\")" } ?? ""); check user and password"
        case .unsupportedChallenge(let schemes):
            "the relay offers no authentication camstream speaks (it offers \(schemes.isEmpty ? "none" : schemes.joined(separator: ", ")); camstream speaks Digest MD5/SHA-256 and Basic)"
        case .malformedResponse(let method, let reason): "the relay's answer to \(method) is unusable: \(reason)"
        case .transportRefused(let transport):
            "the relay answered SETUP with a transport camstream did not ask for: \(transport.prefix(128))"
        case .tooManyRedirects(let location): "the relay redirected again (to \(location.prefix(128))) after a redirect was followed"
        case .relayStoppedAnswering: "the relay stopped answering keep-alives"
        }
    }

    /// True for failures a retry cannot fix without a person (wrong credentials): worth saying loudly.
    public var needsAttention: Bool {
        switch self {
        case .credentialsRequired, .unauthorized, .unsupportedChallenge: true
        default: false
        }
    }
}
