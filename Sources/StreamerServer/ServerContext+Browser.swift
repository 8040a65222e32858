import Logging
import NIOHTTP1
import RTSPAuth

/// The HTTP side's questions to the server: who is asking, and may this browser become a viewer.
extension ServerContext {
    /// The user an HTTP request authenticates as (nil when no users are configured), or the 401/503 refusal,
    /// with the same authenticator, failed-login tracking and log lines as RTSP.
    func authenticateHTTP(_ head: HTTPRequestHead, peer: String, logger: Logger) -> Result<UserCredentials?, HTTPRefusal> {
        guard authenticator != nil else { return .success(nil) }
        let now = Clocks.monotonicNanoseconds() / 1_000_000_000
        if failedLogins.isBlocked(peer, now: now) {
            return .failure(
                HTTPRefusal(
                    status: .serviceUnavailable,
                    reason: "too many failed logins from \(peer); refused for up to \(FailedLoginTracker.windowSeconds) s",
                    headers: ["Retry-After": "\(FailedLoginTracker.windowSeconds)"]))
        }
        // Browsers put the request-target exactly as sent into `uri` (RFC 7616 §3.4), and the nonce is bound to `peer`.
        let outcome = authenticator!.authenticate(
            head.headers.first(name: "Authorization"), method: head.method.rawValue, uri: head.uri, clientAddress: peer, now: now)
        switch outcome {
        case .success(let user):
            return .success(user)
        case .failure(let failure):
            switch failure {
            case .missingCredentials, .staleNonce:
                break
            default:
                failedLogins.recordFailure(from: peer, now: now)
                configuration.metrics.loginFailed(.http)
                logger.warning("authentication failed", metadata: ["http.peer": "\(peer)", "http.auth.error": "\(failure)"])
            }
            var headers = HTTPHeaders()
            let challenges = authenticator!.challenges(
                now: now, random: UInt64.random(in: 0...UInt64.max), clientAddress: peer, stale: failure == .staleNonce)
            for challenge in challenges { headers.add(name: "WWW-Authenticate", value: challenge) }
            return .failure(HTTPRefusal(status: .unauthorized, reason: "\(failure)", headers: headers))
        }
    }

    /// The streams `user` may watch, in the configured order.
    func streamPaths(for user: UserCredentials?) -> [String] {
        configuration.streams.map(\.path).filter { path in user?.streams.map { $0.contains(path) } ?? true }
    }

    /// A token for the page's WebSocket; none is needed (empty) when no users are configured.
    func issueBrowserToken(for user: UserCredentials?, address: String) -> String {
        guard authenticator != nil else { return "" }
        var generator = SystemRandomNumberGenerator()
        return browserTokens.issue(
            user: user?.name, address: address, now: Clocks.monotonicNanoseconds() / 1_000_000_000,
            random: (generator.next(), generator.next()))
    }

    /// Whether a WebSocket handshake may start a browser viewer of `path`: a valid token (when users are
    /// configured) whose user may watch it, a stream that is running, and room under `max_viewers`. The viewer's
    /// stream and the user its token names.
    func admitBrowserViewer(path: String?, token: String?, address: String) -> Result<(stream: MediaStream, user: String?), HTTPRefusal> {
        guard let path, let stream = streams[path] else {
            return .failure(HTTPRefusal(status: .notFound, reason: "no stream '\(path ?? "")'"))
        }
        var user: String?
        if authenticator != nil {
            guard let token, let grant = browserTokens.redeem(token, address: address, now: Clocks.monotonicNanoseconds() / 1_000_000_000)
            else {
                return .failure(
                    HTTPRefusal(
                        status: .forbidden,
                        reason:
                            "no valid token for the WebSocket (tokens last \(BrowserTokens.lifetimeSeconds) s, once, from the address they were issued to)"
                    ))
            }
            user = grant.user
            if let name = grant.user, let allowed = configuration.users.first(where: { $0.name == name })?.streams, !allowed.contains(path)
            {
                return .failure(HTTPRefusal(status: .forbidden, reason: "user \(name) may not watch '\(path)'"))
            }
        }
        guard !stream.isEnded else {
            configuration.metrics.sessionRefused(.streamEnded)
            return .failure(HTTPRefusal(status: .serviceUnavailable, reason: "stream '\(path)' has ended"))
        }
        let limits = configuration.limits
        if sessionCount(of: stream) >= limits.maxViewersPerStream {
            configuration.metrics.sessionRefused(.streamViewerLimit)
            return .failure(
                HTTPRefusal(
                    status: .serviceUnavailable, reason: "stream '\(path)' has its maximum of \(limits.maxViewersPerStream) viewers"))
        }
        if sessionCount(ownedBy: address) >= limits.maxSessionsPerAddress {
            configuration.metrics.sessionRefused(.addressSessionLimit)
            return .failure(HTTPRefusal(status: .serviceUnavailable, reason: "\(address) already has its maximum of \(limits.maxSessionsPerAddress) sessions"))
        }
        if sessions.count >= limits.maxViewers {
            configuration.metrics.sessionRefused(.serverViewerLimit)
            return .failure(HTTPRefusal(status: .serviceUnavailable, reason: "the server has its maximum of \(limits.maxViewers) viewers"))
        }
        return .success((stream, user))
    }
}
