/// Decides whether a request's `Authorization` names a configured user with the right password, and writes the
/// challenges a 401 carries. Pure: the caller passes the time and the random bits, and keeps this value on its
/// event loop (it remembers the nonce counts it has seen, to refuse replays).
///
/// Specification: RFC 2617 §3 (Digest with MD5, the form VLC/live555, ffmpeg and GStreamer speak), RFC 7616
/// (SHA-256 offered alongside), RFC 7617 (Basic, only when explicitly allowed).
public struct DigestAuthenticator: Sendable {
    public let realm: String
    public let allowBasic: Bool
    public let nonces: NonceIssuer
    private let users: [String: UserCredentials]
    /// Highest `nc` seen per nonce for clients that use qop=auth; bounded so a flood of nonces cannot grow it.
    private var nonceCounts: [String: UInt32] = [:]
    static let trackedNonceLimit = 4096

    public init(realm: String = "camstream", users: [UserCredentials], allowBasic: Bool = false, nonces: NonceIssuer = NonceIssuer()) {
        self.realm = realm
        self.allowBasic = allowBasic
        self.nonces = nonces
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The `WWW-Authenticate` values of a 401, one header each. SHA-256 comes first, as RFC 7616 §3.7 orders by
    /// preference; MD5 comes last because ffmpeg and live555 keep the last Digest challenge they read and only
    /// speak MD5. Both carry the same nonce, so whichever a client answers is checked the same way.
    public func challenges(now: UInt64, random: UInt64, stale: Bool = false) -> [String] {
        let nonce = nonces.issue(now: now, random: random)
        let staleParameter = stale ? ", stale=TRUE" : ""
        var values = [DigestAlgorithm.sha256, .md5].map {
            "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", algorithm=\($0.rawValue)\(staleParameter)"
        }
        if allowBasic { values.append("Basic realm=\"\(realm)\"") }
        return values
    }

    /// The user the request authenticates as, or why not. `method` is the RTSP method as sent (it is part of
    /// the digest); `now` is the same clock `challenges` was given.
    public mutating func authenticate(_ authorization: String?, method: String, now: UInt64) -> Result<UserCredentials, AuthenticationError> {
        guard let authorization else { return .failure(.missingCredentials) }
        let header: AuthorizationHeader
        do {
            header = try AuthorizationHeader(parsing: authorization)
        } catch {
            return .failure(error)
        }
        switch header {
        case .basic(let username, let password):
            guard allowBasic else { return .failure(.basicNotAllowed) }
            guard let user = users[username] else { return .failure(.unknownUser(username)) }
            guard let expected = user.password, NonceIssuer.constantTimeEqual(Array(expected.utf8), Array(password.utf8)) else {
                return .failure(.wrongResponse(username: username))
            }
            return .success(user)
        case .digest(let credentials):
            return verify(credentials, method: method, now: now)
        }
    }

    private mutating func verify(_ credentials: AuthorizationHeader.DigestCredentials, method: String, now: UInt64) -> Result<UserCredentials, AuthenticationError> {
        guard credentials.realm == realm else { return .failure(.wrongRealm(credentials.realm)) }
        guard let user = users[credentials.username] else { return .failure(.unknownUser(credentials.username)) }
        let freshness = nonces.check(credentials.nonce, now: now)
        if freshness == .foreign { return .failure(.foreignNonce) }
        guard let ha1 = user.ha1[credentials.algorithm] else { return .failure(.wrongResponse(username: user.name)) }
        var nonceCount: UInt32?
        if let qop = credentials.qop {
            guard qop.lowercased() == "auth", let ncText = credentials.nonceCount, let nc = UInt32(ncText, radix: 16),
                credentials.clientNonce != nil
            else { return .failure(.malformedAuthorization("qop=\(qop.prefix(16)) without a usable nc and cnonce")) }
            nonceCount = nc
        }
        let expected = credentials.algorithm.response(
            ha1: ha1, nonce: credentials.nonce, method: method, uri: credentials.uri,
            qop: credentials.qop, nonceCount: credentials.nonceCount, clientNonce: credentials.clientNonce)
        guard NonceIssuer.constantTimeEqual(Array(expected.utf8), Array(credentials.response.lowercased().utf8)) else {
            return .failure(.wrongResponse(username: user.name))
        }
        // Only a right answer to an expired nonce is "stale": the client retries at once with the fresh one.
        if freshness == .stale { return .failure(.staleNonce) }
        if let nonceCount {
            if let seen = nonceCounts[credentials.nonce], nonceCount <= seen { return .failure(.replayedNonceCount) }
            if nonceCounts.count >= Self.trackedNonceLimit { nonceCounts = nonceCounts.filter { nonces.check($0.key, now: now) == .valid } }
            if nonceCounts.count < Self.trackedNonceLimit { nonceCounts[credentials.nonce] = nonceCount }
        }
        return .success(user)
    }
}
