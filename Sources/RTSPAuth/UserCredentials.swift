import Crypto

/// A viewer account as the authenticator needs it: for Digest never the password itself, only
/// H(username:realm:password) per algorithm, which is also what a config file may store instead of a password.
public struct UserCredentials: Sendable, Hashable {
    public var name: String
    /// The password itself, kept only when the config gave it in clear: ONVIF's WS-Security PasswordDigest is
    /// SHA-1 over the password, so nothing less can check it. A `password_hash` user signs in to ONVIF by HTTP
    /// Digest instead.
    public var clearPassword: String?
    /// HA1 per algorithm, lowercase hex.
    public var ha1: [DigestAlgorithm: String]
    /// SHA-256 of the password, for Basic (RFC 7617), when the password was given in clear: Basic compares
    /// this with the hash of what the client sent, so the comparison's time depends on neither length.
    public var basicPasswordDigest: [UInt8]?
    /// Stream paths this user may open; nil means all.
    public var streams: Set<String>?

    public init(name: String, password: String, realm: String, streams: Set<String>? = nil) {
        self.name = name
        self.ha1 = Dictionary(uniqueKeysWithValues: DigestAlgorithm.allCases.map { ($0, $0.ha1(username: name, realm: realm, password: password)) })
        self.basicPasswordDigest = Self.basicDigest(password)
        self.clearPassword = password
        self.streams = streams
    }

    public init(name: String, ha1: [DigestAlgorithm: String], streams: Set<String>? = nil) {
        self.name = name
        self.ha1 = ha1.mapValues { $0.lowercased() }
        self.basicPasswordDigest = nil
        self.clearPassword = nil
        self.streams = streams
    }

    static func basicDigest(_ password: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(password.utf8)))
    }

    /// Parses the `password_hash` form `camstream hash-password` prints: `md5:<hex>,sha-256:<hex>`
    /// (either or both). Each hash is tied to the realm it was made for.
    public static func parseHashes(_ text: String) throws(AuthenticationError) -> [DigestAlgorithm: String] {
        var hashes: [DigestAlgorithm: String] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { String($0).lowercased().filter { $0 != " " } }
            guard parts.count == 2, let algorithm = DigestAlgorithm(name: parts[0]) else {
                throw .malformedAuthorization("password_hash entry '\(entry.prefix(32))' is not md5:<hex> or sha-256:<hex>")
            }
            let length = algorithm == .md5 ? 32 : 64
            guard parts[1].count == length, NonceIssuer.unhex(parts[1]) != nil else {
                throw .malformedAuthorization("password_hash \(algorithm.rawValue) value must be \(length) hex digits")
            }
            hashes[algorithm] = parts[1]
        }
        guard !hashes.isEmpty else { throw .malformedAuthorization("password_hash is empty") }
        return hashes
    }

    /// The `password_hash` line for a user, as `camstream hash-password` prints it.
    public static func hashLine(name: String, password: String, realm: String) -> String {
        DigestAlgorithm.allCases.map { "\($0.rawValue.lowercased()):\($0.ha1(username: name, realm: realm, password: password))" }
            .joined(separator: ",")
    }
}
