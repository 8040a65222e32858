import NIOCore
import RTSP
import RTSPAuth

/// Digest authentication at the admission gate (RFC 7616): every request but OPTIONS carries credentials when
/// users are configured, as ffmpeg, GStreamer and live555 all resend them on each request after the first 401.
extension RTSPConnectionHandler {
    /// The name of the user the request authenticated as; nil when no users are configured, or for OPTIONS.
    func authenticate(_ request: RTSPRequest) throws(RequestRefusal) -> String? {
        guard server.authenticator != nil, request.method != .options else { return nil }
        let now = Clocks.monotonicNanoseconds() / 1_000_000_000
        let peer = Self.plainIP(channel?.remoteAddress?.ipAddress) ?? "unknown"
        if server.failedLogins.isBlocked(peer, now: now) {
            throw RequestRefusal(
                .serviceUnavailable, "too many failed logins from \(peer); refused for up to \(FailedLoginTracker.windowSeconds) s",
                headers: ["Retry-After": "\(FailedLoginTracker.windowSeconds)", "Connection": "close"])
        }
        let outcome = server.authenticator!.authenticate(
            request.headers["Authorization"], method: request.method.rawValue, uri: request.uri,
            presentationURI: presentationURI(of: request.uri), clientAddress: peer, now: now)
        switch outcome {
        case .success(let user):
            if let allowed = user.streams, let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys),
                !allowed.contains(target.streamPath)
            {
                throw RequestRefusal(.forbidden, "user \(user.name) may not watch '\(target.streamPath)'")
            }
            logger.debug(
                "authenticated",
                metadata: [
                    "rtsp.peer": "\(peer)", "rtsp.auth.user": "\(user.name)",
                    "rtsp.auth.form": "\((try? AuthorizationHeader(parsing: request.headers["Authorization"] ?? ""))?.form ?? "")",
                ])
            return user.name
        case .failure(let failure):
            switch failure {
            case .missingCredentials, .staleNonce:
                break
            default:
                server.failedLogins.recordFailure(from: peer, now: now)
                server.configuration.metrics.loginFailed(.rtsp)
                logger.warning("authentication failed", metadata: ["rtsp.peer": "\(peer)", "rtsp.auth.error": "\(failure)"])
            }
            var headers = RTSPHeaders()
            let challenges = server.authenticator!.challenges(
                now: now, random: UInt64.random(in: 0...UInt64.max), clientAddress: peer, stale: failure == .staleNonce)
            for challenge in challenges { headers.add(name: "WWW-Authenticate", value: challenge) }
            throw RequestRefusal(.unauthorized, "\(failure)", headers: headers)
        }
    }

    /// For a request naming a track (`…/cam/trackID=0`), the presentation URI it belongs to (`…/cam/`), which
    /// live555 puts in the digest's `uri` instead of the request-URI (it answers with the Content-Base it was given).
    private func presentationURI(of uri: String) -> String? {
        guard let target = RequestTarget(uri: uri, knownPaths: server.streams.keys), let track = target.track,
            uri.utf8.reversed().starts(with: track.utf8.reversed())
        else { return nil }
        return String(decoding: uri.utf8.dropLast(track.utf8.count), as: UTF8.self)
    }
}
