/// Why credentials were not accepted. Every case is answered with 401 (and logged with the peer's address);
/// the text says what was wrong for the log, never for the client.
public enum AuthenticationError: Error, Hashable, Sendable, CustomStringConvertible {
    case missingCredentials
    case malformedAuthorization(String)
    case unknownUser(String)
    case wrongRealm(String)
    /// The nonce was ours but has expired: the client may retry with the fresh one (`stale=TRUE`).
    case staleNonce
    /// Not a nonce this server instance issued (forged, or from before a restart).
    case foreignNonce
    /// Ours, but issued to another client address: a header captured on the wire, replayed from elsewhere.
    case nonceFromAnotherAddress
    case replayedNonceCount
    /// The digest's `uri` names neither the request-URI nor the presentation the request belongs to.
    case wrongURI(String)
    case wrongResponse(username: String)
    case basicNotAllowed

    public var description: String {
        switch self {
        case .missingCredentials: "no Authorization header"
        case .malformedAuthorization(let reason): "malformed Authorization: \(reason)"
        case .unknownUser(let name): "unknown user '\(name.prefix(64))'"
        case .wrongRealm(let realm): "wrong realm '\(realm.prefix(64))'"
        case .staleNonce: "expired nonce"
        case .foreignNonce: "nonce not issued by this server"
        case .nonceFromAnotherAddress: "nonce issued to another client address (replayed credentials)"
        case .replayedNonceCount: "nonce count did not increase (replay)"
        case .wrongURI(let uri): "digest uri '\(uri.prefix(128))' is not the request-URI"
        case .wrongResponse(let name): "wrong password for '\(name.prefix(64))'"
        case .basicNotAllowed: "Basic authentication is not enabled"
        }
    }
}
