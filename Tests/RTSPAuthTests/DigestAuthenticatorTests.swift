import RTSPAuth
import Testing

@Suite struct DigestAuthenticatorTests {
    static let uri = "rtsp://127.0.0.1:8554/cam"
    static let client = "127.0.0.1"
    let issuer = NonceIssuer(key: Array(repeating: 7, count: 32), lifetimeSeconds: 300)

    func authenticator(allowBasic: Bool = false, trackedNonces: Int = DigestAuthenticator.trackedNonceLimit) -> DigestAuthenticator {
        DigestAuthenticator(
            users: [UserCredentials(name: "viewer", password: "s3cret", realm: "camstream")], allowBasic: allowBasic, nonces: issuer,
            trackedNonces: trackedNonces)
    }

    /// What a client does with our challenge: the RFC 2069 form unless it opts into qop with `nc`.
    func authorization(
        nonce: String, user: String = "viewer", password: String = "s3cret", method: String = "DESCRIBE", uri: String = Self.uri,
        algorithm: DigestAlgorithm = .md5, nc: String? = nil
    ) -> String {
        let qop = nc == nil ? nil : "auth", cnonce = nc == nil ? nil : "c0ffee"
        let response = algorithm.response(
            username: user, realm: "camstream", password: password, method: method, uri: uri, nonce: nonce, qop: qop, nonceCount: nc,
            clientNonce: cnonce)
        return AuthorizationHeader.DigestCredentials(
            username: user, realm: "camstream", nonce: nonce, uri: uri, response: response, algorithm: algorithm, qop: qop, nonceCount: nc,
            clientNonce: cnonce
        ).headerValue
    }

    func nonce(_ auth: DigestAuthenticator, now: UInt64 = 1000, random: UInt64 = 1, client: String = Self.client) throws -> String {
        let challenge = auth.challenges(now: now, random: random, clientAddress: client)[0]
        let start = try #require(challenge.firstRange(of: "nonce=\""))
        return String(challenge[start.upperBound...].prefix(while: { $0 != "\"" }))
    }

    func check(
        _ auth: inout DigestAuthenticator, _ header: String?, method: String = "DESCRIBE", uri: String = Self.uri, presentationURI: String? = nil,
        client: String = Self.client, now: UInt64 = 1001
    ) -> Result<String, AuthenticationError> {
        auth.authenticate(header, method: method, uri: uri, presentationURI: presentationURI, clientAddress: client, now: now).map(\.name)
    }

    /// SHA-256 first, MD5 last (ffmpeg and live555 keep the last); realm, nonce, stale in the order live555's
    /// `sscanf` reads them; qop offered on both.
    @Test func challengesOfferSHA256ThenMD5WithOneNonce() throws {
        let nonce = issuer.issue(now: 1000, random: 42, clientAddress: Self.client)
        #expect(nonce.utf8.count == 80)
        #expect(
            authenticator().challenges(now: 1000, random: 42, clientAddress: Self.client) == [
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", algorithm=SHA-256, qop=\"auth\"",
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", algorithm=MD5, qop=\"auth\"",
            ])
        #expect(
            authenticator(allowBasic: true).challenges(now: 1000, random: 42, clientAddress: Self.client, stale: true) == [
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", stale=TRUE, algorithm=SHA-256, qop=\"auth\"",
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", stale=TRUE, algorithm=MD5, qop=\"auth\"",
                "Basic realm=\"camstream\"",
            ])
    }

    @Test(arguments: DigestAlgorithm.allCases, [nil, "00000001"])
    func theRightPasswordIsAcceptedWithAndWithoutQop(algorithm: DigestAlgorithm, nc: String?) throws {
        var auth = authenticator()
        let nonce = try nonce(auth)
        #expect(check(&auth, authorization(nonce: nonce, algorithm: algorithm, nc: nc)) == .success("viewer"))
    }

    /// RFC 7616 §3.4.6: the digest's uri is the request-target; one computed for another resource is refused.
    @Test func theDigestURIMustBeTheRequestURI() throws {
        var auth = authenticator()
        let nonce = try nonce(auth)
        let other = "rtsp://127.0.0.1:8554/elsewhere"
        #expect(check(&auth, authorization(nonce: nonce, uri: other), uri: Self.uri) == .failure(.wrongURI(other)))
        #expect(check(&auth, authorization(nonce: nonce, uri: "/cam"), uri: Self.uri) == .failure(.wrongURI("/cam")))
        #expect(check(&auth, authorization(nonce: nonce, uri: Self.uri + "/"), uri: Self.uri) == .failure(.wrongURI(Self.uri + "/")))
    }

    /// live555 answers a SETUP of `…/cam/trackID=0` with its base URL `…/cam/` in uri: accepted as the presentation
    /// the track belongs to, with or without the slash, and nothing else.
    @Test func aTrackRequestAcceptsItsPresentationURI() throws {
        var auth = authenticator()
        let nonce = try nonce(auth)
        let track = Self.uri + "/trackID=0", presentation = Self.uri + "/"
        for named in [track, presentation, Self.uri] {
            let header = authorization(nonce: nonce, method: "SETUP", uri: named)
            #expect(check(&auth, header, method: "SETUP", uri: track, presentationURI: presentation) == .success("viewer"))
        }
        let wrong = "rtsp://127.0.0.1:8554/elsewhere/"
        #expect(
            check(&auth, authorization(nonce: nonce, method: "SETUP", uri: wrong), method: "SETUP", uri: track, presentationURI: presentation)
                == .failure(.wrongURI(wrong)))
    }

    @Test func aWrongPasswordIsRefused() throws {
        var auth = authenticator()
        #expect(check(&auth, authorization(nonce: try nonce(auth), password: "guess")) == .failure(.wrongResponse(username: "viewer")))
    }

    @Test func theDigestCoversTheMethod() throws {
        var auth = authenticator()
        #expect(check(&auth, authorization(nonce: try nonce(auth), method: "DESCRIBE"), method: "PLAY") == .failure(.wrongResponse(username: "viewer")))
    }

    /// A right answer to an expired nonce is stale (the client retries with the fresh nonce at once); a wrong
    /// one is just wrong (RFC 7616 §3.3: stale only when the digest was valid).
    @Test func anExpiredNonceIsStaleOnlyWithTheRightPassword() throws {
        var auth = authenticator()
        let nonce = try nonce(auth)
        #expect(check(&auth, authorization(nonce: nonce), now: 1301) == .failure(.staleNonce))
        #expect(check(&auth, authorization(nonce: nonce, password: "guess"), now: 1301) == .failure(.wrongResponse(username: "viewer")))
        #expect(check(&auth, authorization(nonce: nonce), now: 1300) == .success("viewer"))
        #expect(check(&auth, authorization(nonce: nonce), now: 999) == .failure(.staleNonce))
    }

    /// A header captured from one client and sent from another address: refused, whatever else is right.
    @Test func aNonceIssuedToAnotherAddressIsRefused() throws {
        var auth = authenticator()
        let header = authorization(nonce: try nonce(auth, client: "127.0.0.1"))
        #expect(check(&auth, header, client: "127.0.0.2") == .failure(.nonceFromAnotherAddress))
        #expect(check(&auth, header, client: "::1") == .failure(.nonceFromAnotherAddress))
        #expect(check(&auth, header, client: "127.0.0.1") == .success("viewer"))
    }

    /// A nonce another instance issued (a restarted server, or a forged one) is not ours.
    @Test func aNonceFromAnotherServerIsRefused() {
        var auth = authenticator()
        let other = NonceIssuer(key: Array(repeating: 8, count: 32))
        #expect(check(&auth, authorization(nonce: other.issue(now: 1000, random: 1, clientAddress: Self.client))) == .failure(.foreignNonce))
        #expect(check(&auth, authorization(nonce: "deadbeef")) == .failure(.foreignNonce))
    }

    @Test func aNonceCountMustIncrease() throws {
        var auth = authenticator()
        let nonce = try nonce(auth)
        #expect(check(&auth, authorization(nonce: nonce, nc: "00000001")) == .success("viewer"))
        #expect(check(&auth, authorization(nonce: nonce, nc: "00000003")) == .success("viewer"))
        #expect(check(&auth, authorization(nonce: nonce, nc: "00000003")) == .failure(.replayedNonceCount))
        #expect(check(&auth, authorization(nonce: nonce, nc: "00000002")) == .failure(.replayedNonceCount))
        #expect(check(&auth, authorization(nonce: nonce, nc: "0000000a")) == .success("viewer"))
        // The RFC 2069 form carries no count: it stays usable on the same nonce (live555 can do nothing else).
        #expect(check(&auth, authorization(nonce: nonce)) == .success("viewer"))
    }

    @Test(arguments: ["1", "+0000001", "0000000g", "000000001"])
    func aNonceCountThatIsNotEightHexDigitsIsMalformed(nc: String) throws {
        var auth = authenticator()
        let result = check(&auth, authorization(nonce: try nonce(auth), nc: nc))
        #expect(result == .failure(.malformedAuthorization("qop=auth without an 8-digit hex nc and a cnonce")))
    }

    /// The table of nonce counts holds `trackedNonces` nonces; the oldest is forgotten first, and a forgotten
    /// nonce is answered stale, never trusted again (its count might be replayed).
    @Test func theNonceCountTableIsBoundedAndForgetsSafely() throws {
        var auth = authenticator(trackedNonces: 2)
        let first = try nonce(auth, now: 1000), second = try nonce(auth, now: 1001), third = try nonce(auth, now: 1002)
        for nonce in [first, second, third] { #expect(check(&auth, authorization(nonce: nonce, nc: "00000001"), now: 1003) == .success("viewer")) }
        #expect(check(&auth, authorization(nonce: first, nc: "00000001"), now: 1004) == .failure(.staleNonce))
        #expect(check(&auth, authorization(nonce: first, nc: "00000002"), now: 1004) == .failure(.staleNonce))
        #expect(check(&auth, authorization(nonce: second, nc: "00000001"), now: 1004) == .failure(.replayedNonceCount))
        #expect(check(&auth, authorization(nonce: third, nc: "00000002"), now: 1004) == .success("viewer"))
        let fresh = try nonce(auth, now: 1004)
        #expect(check(&auth, authorization(nonce: fresh, nc: "00000001"), now: 1004) == .success("viewer"))
    }

    /// An unknown user goes through every check a known user with a wrong password does, in the same order,
    /// and ends at the same place (after the digest): only the name of the refusal differs.
    @Test func anUnknownUserTakesTheWrongPasswordPath() throws {
        let cases: [(String, UInt64, String, String)] = [
            ("fresh nonce", 1001, Self.client, Self.uri),
            ("expired nonce", 1400, Self.client, Self.uri),
            ("other address", 1001, "127.0.0.2", Self.uri),
            ("wrong uri", 1001, Self.client, "rtsp://127.0.0.1:8554/x"),
        ]
        for (name, now, client, uri) in cases {
            var auth = authenticator()
            let nonce = try nonce(auth)
            let unknown = check(&auth, authorization(nonce: nonce, user: "root", password: "guess", uri: uri), client: client, now: now)
            let wrong = check(&auth, authorization(nonce: nonce, user: "viewer", password: "guess", uri: uri), client: client, now: now)
            switch (unknown, wrong) {
            case (.failure(.unknownUser("root")), .failure(.wrongResponse(username: "viewer"))):
                #expect(name == "fresh nonce" || name == "expired nonce", "\(name)")
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(name)")
                #expect(name == "other address" || name == "wrong uri", "\(name)")
            default:
                Issue.record("\(name): \(unknown) vs \(wrong)")
            }
        }
    }

    @Test func wrongRealmsAndMissingCredentialsAreRefused() throws {
        var auth = authenticator()
        let header = authorization(nonce: try nonce(auth))
        #expect(check(&auth, header.replacingOccurrences("realm=\"camstream\"", "realm=\"other\"")) == .failure(.wrongRealm("other")))
        #expect(check(&auth, nil) == .failure(.missingCredentials))
    }

    /// Basic compares SHA-256 of both passwords, so a guess of any length costs the same; unknown users too.
    @Test func basicOnlyWhenAllowed() {
        let header = "Basic dmlld2VyOnMzY3JldA=="  // viewer:s3cret
        var strict = authenticator()
        #expect(check(&strict, header) == .failure(.basicNotAllowed))
        var lenient = authenticator(allowBasic: true)
        #expect(check(&lenient, header) == .success("viewer"))
        #expect(check(&lenient, "Basic dmlld2VyOm5vcGU=") == .failure(.wrongResponse(username: "viewer")))  // viewer:nope
        #expect(check(&lenient, "Basic dmlld2VyOnMzY3JldDE=") == .failure(.wrongResponse(username: "viewer")))  // viewer:s3cret1
        #expect(check(&lenient, "Basic cm9vdDpzM2NyZXQ=") == .failure(.unknownUser("root")))  // root:s3cret
    }

    @Test func storedHashesWorkWithoutThePassword() throws {
        let line = UserCredentials.hashLine(name: "viewer", password: "s3cret", realm: "camstream")
        let hashes = try UserCredentials.parseHashes(line)
        var auth = DigestAuthenticator(users: [UserCredentials(name: "viewer", ha1: hashes)], allowBasic: true, nonces: issuer)
        #expect(check(&auth, authorization(nonce: try nonce(auth), algorithm: .sha256)) == .success("viewer"))
        #expect(check(&auth, "Basic dmlld2VyOnMzY3JldA==") == .failure(.wrongResponse(username: "viewer")))
        #expect(line.hasPrefix("md5:") && line.contains(",sha-256:"))
        #expect(throws: AuthenticationError.self) { try UserCredentials.parseHashes("md5:xyz") }
        #expect(throws: AuthenticationError.self) { try UserCredentials.parseHashes("sha1:" + String(repeating: "0", count: 40)) }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
