import RTSPAuth
import Testing

@Suite struct DigestAuthenticatorTests {
    static let uri = "rtsp://127.0.0.1:8554/cam"
    let issuer = NonceIssuer(key: Array(repeating: 7, count: 32), lifetimeSeconds: 300)

    func authenticator(allowBasic: Bool = false) -> DigestAuthenticator {
        DigestAuthenticator(
            users: [UserCredentials(name: "viewer", password: "s3cret", realm: "camstream")], allowBasic: allowBasic, nonces: issuer)
    }

    /// What a client does with our challenge: RFC 2069-style unless it opts into qop.
    func authorization(
        nonce: String, password: String = "s3cret", method: String = "DESCRIBE", algorithm: DigestAlgorithm = .md5, nc: String? = nil
    ) -> String {
        let ha1 = algorithm.ha1(username: "viewer", realm: "camstream", password: password)
        let response = algorithm.response(
            ha1: ha1, nonce: nonce, method: method, uri: Self.uri, qop: nc == nil ? nil : "auth", nonceCount: nc, clientNonce: nc == nil ? nil : "c0ffee")
        var header = "Digest username=\"viewer\", realm=\"camstream\", nonce=\"\(nonce)\", uri=\"\(Self.uri)\", response=\"\(response)\""
        header += ", algorithm=\(algorithm.rawValue)"
        if let nc { header += ", qop=auth, nc=\(nc), cnonce=\"c0ffee\"" }
        return header
    }

    func nonce(in challenge: String) throws -> String {
        let start = try #require(challenge.firstRange(of: "nonce=\""))
        return String(challenge[start.upperBound...].prefix(while: { $0 != "\"" }))
    }

    @Test func challengesOfferSHA256ThenMD5WithOneNonce() throws {
        let challenges = authenticator().challenges(now: 1000, random: 42)
        let nonce = issuer.issue(now: 1000, random: 42)
        #expect(
            challenges == [
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", algorithm=SHA-256",
                "Digest realm=\"camstream\", nonce=\"\(nonce)\", algorithm=MD5",
            ])
        #expect(authenticator(allowBasic: true).challenges(now: 1000, random: 42, stale: true).last == "Basic realm=\"camstream\"")
        #expect(authenticator().challenges(now: 1000, random: 42, stale: true).allSatisfy { $0.hasSuffix(", stale=TRUE") })
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func theRightPasswordIsAccepted(algorithm: DigestAlgorithm) throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        let result = auth.authenticate(authorization(nonce: nonce, algorithm: algorithm), method: "DESCRIBE", now: 1010)
        #expect((try? result.get())?.name == "viewer")
    }

    @Test func aWrongPasswordIsRefused() throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        #expect(auth.authenticate(authorization(nonce: nonce, password: "guess"), method: "DESCRIBE", now: 1001) == .failure(.wrongResponse(username: "viewer")))
    }

    @Test func theDigestCoversTheMethod() throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        #expect(auth.authenticate(authorization(nonce: nonce, method: "DESCRIBE"), method: "PLAY", now: 1001) == .failure(.wrongResponse(username: "viewer")))
    }

    @Test func anExpiredNonceIsStale() throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        #expect(auth.authenticate(authorization(nonce: nonce), method: "DESCRIBE", now: 1301) == .failure(.staleNonce))
        #expect((try? auth.authenticate(authorization(nonce: nonce), method: "DESCRIBE", now: 1300).get()) != nil)
    }

    /// A nonce another instance issued (a restarted server, or a forged one) is not ours.
    @Test func aNonceFromAnotherServerIsRefused() {
        var auth = authenticator()
        let other = NonceIssuer(key: Array(repeating: 8, count: 32))
        #expect(auth.authenticate(authorization(nonce: other.issue(now: 1000, random: 1)), method: "DESCRIBE", now: 1001) == .failure(.foreignNonce))
        #expect(auth.authenticate(authorization(nonce: "deadbeef"), method: "DESCRIBE", now: 1001) == .failure(.foreignNonce))
    }

    @Test func aReplayedNonceCountIsRefused() throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        #expect((try? auth.authenticate(authorization(nonce: nonce, nc: "00000001"), method: "DESCRIBE", now: 1001).get()) != nil)
        #expect((try? auth.authenticate(authorization(nonce: nonce, nc: "00000002"), method: "DESCRIBE", now: 1002).get()) != nil)
        #expect(auth.authenticate(authorization(nonce: nonce, nc: "00000002"), method: "DESCRIBE", now: 1003) == .failure(.replayedNonceCount))
    }

    @Test func unknownUsersAndRealmsAreRefused() throws {
        var auth = authenticator()
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        let header = authorization(nonce: nonce)
        #expect(auth.authenticate(header.replacingOccurrences("username=\"viewer\"", "username=\"root\""), method: "DESCRIBE", now: 1001) == .failure(.unknownUser("root")))
        #expect(auth.authenticate(header.replacingOccurrences("realm=\"camstream\"", "realm=\"other\""), method: "DESCRIBE", now: 1001) == .failure(.wrongRealm("other")))
        #expect(auth.authenticate(nil, method: "DESCRIBE", now: 1001) == .failure(.missingCredentials))
    }

    @Test func basicOnlyWhenAllowed() {
        let header = "Basic dmlld2VyOnMzY3JldA=="  // viewer:s3cret
        var strict = authenticator()
        #expect(strict.authenticate(header, method: "DESCRIBE", now: 1) == .failure(.basicNotAllowed))
        var lenient = authenticator(allowBasic: true)
        #expect((try? lenient.authenticate(header, method: "DESCRIBE", now: 1).get())?.name == "viewer")
        #expect(lenient.authenticate("Basic dmlld2VyOm5vcGU=", method: "DESCRIBE", now: 1) == .failure(.wrongResponse(username: "viewer")))
    }

    @Test func storedHashesWorkWithoutThePassword() throws {
        let line = UserCredentials.hashLine(name: "viewer", password: "s3cret", realm: "camstream")
        let hashes = try UserCredentials.parseHashes(line)
        var auth = DigestAuthenticator(users: [UserCredentials(name: "viewer", ha1: hashes)], nonces: issuer)
        let nonce = try nonce(in: auth.challenges(now: 1000, random: 1)[0])
        #expect((try? auth.authenticate(authorization(nonce: nonce, algorithm: .sha256), method: "DESCRIBE", now: 1001).get()) != nil)
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
