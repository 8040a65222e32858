import RTSPAuth

/// Digest as live555's `RTSPClient` (the RTSP client inside VLC) does it, for the test client: Debian ships
/// neither live555 nor a VLC built with it, so the tests speak its dialect themselves, read from its source
/// (liveMedia/RTSPClient.cpp, DigestAuthentication.cpp):
/// - of several `WWW-Authenticate` headers it keeps the LAST one that is Digest;
/// - it reads that with `sscanf("Digest realm=\"%[^\"]\", nonce=\"%[^\"]\", stale=%[a-zA-Z]")`, falling back to
///   the form without `stale`: realm first, nonce second, everything after ignored (algorithm and qop too);
/// - it retries only if the realm is new or the nonce was stale;
/// - it answers in the RFC 2069 form with MD5, no algorithm, qop, nc or cnonce, and with its base URL as
///   `uri` on every request (`createAuthenticatorString(cmd, fBaseURL)`): the URL it was given, then the
///   DESCRIBE response's Content-Base, whatever the request line says (SETUP names the track there).
struct Live555Digest: Sendable {
    let username: String
    let password: String
    var baseURL: String
    private(set) var realm: String?
    private(set) var nonce: String?

    init(username: String, password: String, baseURL: String) {
        self.username = username
        self.password = password
        self.baseURL = baseURL
    }

    /// Takes the challenge from a 401's headers; whether retrying can help (live555's `handleAuthenticationFailure`).
    mutating func take(_ challenges: [String]) -> Bool {
        guard let last = challenges.last(where: { $0.lowercased().hasPrefix("digest") }),
            let (newRealm, newNonce, stale) = Self.scan(last)
        else { return false }
        let realmChanged = realm != newRealm
        realm = newRealm
        nonce = newNonce
        return realmChanged || stale
    }

    func authorization(method: String) -> String? {
        guard let realm, let nonce else { return nil }
        let response = DigestAlgorithm.md5.response(
            username: username, realm: realm, password: password, method: method, uri: baseURL, nonce: nonce)
        return "Digest username=\"\(username)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(baseURL)\", response=\"\(response)\""
    }

    /// The two `sscanf` formats, literally: a fixed prefix, `%[^"]`, a fixed separator, `%[^"]`, then optionally
    /// `", stale=` and letters.
    static func scan(_ text: String) -> (realm: String, nonce: String, stale: Bool)? {
        var rest = Substring(text)
        func literal(_ expected: String) -> Bool {
            guard rest.hasPrefix(expected) else { return false }
            rest = rest.dropFirst(expected.count)
            return true
        }
        func field() -> String? {
            let value = rest.prefix(while: { $0 != "\"" })
            guard !value.isEmpty else { return nil }
            rest = rest.dropFirst(value.count)
            return String(value)
        }
        guard literal("Digest realm=\""), let realm = field(), literal("\", nonce=\""), let nonce = field() else { return nil }
        let stale = literal("\", stale=") && rest.prefix(while: \.isLetter).lowercased().hasPrefix("true")
        return (realm, nonce, stale)
    }
}
