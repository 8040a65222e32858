/// Decides whether a request's `Authorization` names a configured user with the right password, and writes the
/// challenges a 401 carries. Pure: the caller passes the time, the client's address and the random bits, and
/// keeps this value on its event loop (it remembers the nonce counts it has seen, to refuse replays).
///
/// What it holds a client to (RFC 7616 §3.4): the nonce is one this instance issued, to this client address,
/// not expired (`stale` only when the answer was otherwise right, §3.3); the `uri` names the request; the
/// response is right; with `qop=auth`, `nc` increases per nonce. The RFC 2069 form (no qop) stays accepted for
/// any nonce because live555 (VLC's RTSP client) speaks nothing else; the address binding and the five-minute
/// expiry are what bound a replay of it.
///
/// Timing: every request with a well-formed header and one of our nonces computes one digest, against a random
/// dummy secret when the user is unknown (or has no secret for that algorithm), and compares it in constant
/// time; so the time taken does not tell whether a user name exists.
///
/// Specification: RFC 7616 (Digest, SHA-256 and MD5, qop=auth), RFC 2069 (the form without qop),
/// RFC 7617 (Basic, only when explicitly allowed).
public struct DigestAuthenticator: Sendable {
    public let realm: String
    public let allowBasic: Bool
    public let nonces: NonceIssuer
    private let users: [String: UserCredentials]
    /// What an unknown user's answer is checked against, so that it costs what a known user's does.
    private let dummy: UserCredentials
    private var nonceCounts: NonceCountTable
    /// How many nonces' counts are remembered (see `NonceCountTable`): 4096, about half a megabyte at most.
    public static let trackedNonceLimit = 4096

    public init(
        realm: String = "camstream", users: [UserCredentials], allowBasic: Bool = false, nonces: NonceIssuer = NonceIssuer(),
        trackedNonces: Int = trackedNonceLimit
    ) {
        self.realm = realm
        self.allowBasic = allowBasic
        self.nonces = nonces
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var generator = SystemRandomNumberGenerator()
        let secret = DigestAlgorithm.hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        self.dummy = UserCredentials(name: "", password: secret, realm: realm)
        self.nonceCounts = NonceCountTable(capacity: trackedNonces)
    }

    /// The `WWW-Authenticate` values of a 401, one header each. SHA-256 comes first, as RFC 7616 §3.7 orders by
    /// preference; MD5 comes last because ffmpeg and live555 keep the last Digest challenge they read and only
    /// speak MD5. Both carry the same nonce, so whichever a client answers is checked the same way.
    ///
    /// The parameter order is for live555, which reads a challenge with `sscanf`: `realm` first, `nonce`
    /// second, `stale` (when present) right after it, or it does not see a stale nonce and gives up. It ignores
    /// `qop` and answers in the RFC 2069 form, which is accepted.
    public func challenges(now: UInt64, random: UInt64, clientAddress: String, stale: Bool = false) -> [String] {
        let nonce = nonces.issue(now: now, random: random, clientAddress: clientAddress)
        let staleParameter = stale ? ", stale=TRUE" : ""
        var values = [DigestAlgorithm.sha256, .md5].map {
            "Digest realm=\"\(realm)\", nonce=\"\(nonce)\"\(staleParameter), algorithm=\($0.rawValue), qop=\"auth\""
        }
        if allowBasic { values.append("Basic realm=\"\(realm)\"") }
        return values
    }

    /// The user the request authenticates as, or why not.
    /// - Parameters:
    ///   - method: the RTSP method as sent (it is part of the digest).
    ///   - uri: the request-URI exactly as on the request line.
    ///   - presentationURI: when the request names a track, the URI of the presentation it belongs to (ending in
    ///     `/`): live555 puts its base URL, not the track's, in `uri` for SETUP (as gortsplib/mediamtx also allow).
    ///   - clientAddress: the peer's IP address, as `challenges` was given it.
    ///   - now: the same seconds clock `challenges` was given.
    public mutating func authenticate(
        _ authorization: String?, method: String, uri: String, presentationURI: String? = nil, clientAddress: String, now: UInt64
    ) -> Result<UserCredentials, AuthenticationError> {
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
            let user = users[username]
            let expected = user?.basicPasswordDigest ?? dummy.basicPasswordDigest ?? []
            let matches = NonceIssuer.constantTimeEqual(expected, UserCredentials.basicDigest(password))
            guard let user else { return .failure(.unknownUser(username)) }
            guard matches, user.basicPasswordDigest != nil else { return .failure(.wrongResponse(username: username)) }
            return .success(user)
        case .digest(let credentials):
            let acceptedURIs = [uri] + (presentationURI.map { [$0, $0.hasSuffix("/") ? String($0.dropLast()) : $0 + "/"] } ?? [])
            return verify(credentials, method: method, acceptedURIs: acceptedURIs, clientAddress: clientAddress, now: now)
        }
    }

    private mutating func verify(
        _ credentials: AuthorizationHeader.DigestCredentials, method: String, acceptedURIs: [String], clientAddress: String, now: UInt64
    ) -> Result<UserCredentials, AuthenticationError> {
        // Nothing before the digest depends on whether the user exists.
        guard credentials.realm == realm else { return .failure(.wrongRealm(credentials.realm)) }
        let freshness = nonces.check(credentials.nonce, clientAddress: clientAddress, now: now)
        if freshness == .foreign { return .failure(.foreignNonce) }
        if freshness == .otherAddress { return .failure(.nonceFromAnotherAddress) }
        guard acceptedURIs.contains(credentials.uri) else { return .failure(.wrongURI(credentials.uri)) }
        var nonceCount: UInt32?
        if let qop = credentials.qop {
            // nc is exactly 8 hex digits (RFC 7616 §3.4); read as bytes, so no sign or width surprises.
            guard qop.lowercased() == "auth", let ncText = credentials.nonceCount, ncText.utf8.count == 8,
                let ncBytes = NonceIssuer.unhex(ncText), let clientNonce = credentials.clientNonce, !clientNonce.isEmpty
            else { return .failure(.malformedAuthorization("qop=\(qop.prefix(16)) without an 8-digit hex nc and a cnonce")) }
            nonceCount = ncBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }

        let user = users[credentials.username]
        let ha1 = user?.ha1[credentials.algorithm] ?? dummy.ha1[credentials.algorithm] ?? ""
        let expected = credentials.algorithm.response(
            ha1: ha1, nonce: credentials.nonce, method: method, uri: credentials.uri,
            qop: credentials.qop, nonceCount: credentials.nonceCount, clientNonce: credentials.clientNonce)
        let matches = NonceIssuer.constantTimeEqual(Array(expected.utf8), Array(credentials.response.lowercased().utf8))
        guard let user else { return .failure(.unknownUser(credentials.username)) }
        guard matches, user.ha1[credentials.algorithm] != nil else { return .failure(.wrongResponse(username: user.name)) }

        // Only a right answer to an expired nonce is "stale": the client retries at once with the fresh one.
        if freshness == .stale { return .failure(.staleNonce) }
        if let nonceCount, let issuedAt = NonceIssuer.issueTime(of: credentials.nonce) {
            switch nonceCounts.record(nonceCount, for: credentials.nonce, issuedAt: issuedAt) {
            case .accepted: break
            case .replayed: return .failure(.replayedNonceCount)
            case .forgotten: return .failure(.staleNonce)
            }
        }
        return .success(user)
    }
}
