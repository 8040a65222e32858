/// A `WWW-Authenticate: Digest …` challenge as a client reads it (RFC 7616 §3.3), for camstream's own RTSP
/// client side (a publisher answering a server's 401). Parsed as leniently as `AuthorizationHeader`.
///
/// Specification: RFC 7616 §3.3
public struct DigestChallenge: Sendable, Hashable {
    public var realm: String
    public var nonce: String
    public var algorithm: DigestAlgorithm
    /// The qop values offered (`auth`, `auth-int`); empty for an RFC 2069 challenge.
    public var qop: [String]
    public var opaque: String?
    public var stale: Bool

    public init(parsing text: String) throws(AuthenticationError) {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        guard trimmed.prefix(7).lowercased() == "digest " else {
            throw .malformedAuthorization("not a Digest challenge: '\(text.prefix(32))'")
        }
        let parameters = try AuthorizationHeader.parameters(trimmed.dropFirst(7))
        guard let realm = parameters["realm"], let nonce = parameters["nonce"] else {
            throw .malformedAuthorization("Digest challenge without realm and nonce")
        }
        let algorithmName = parameters["algorithm"] ?? "MD5"
        guard let algorithm = DigestAlgorithm(name: algorithmName) else {
            throw .malformedAuthorization("unsupported Digest algorithm '\(algorithmName.prefix(32))'")
        }
        self.realm = realm
        self.nonce = nonce
        self.algorithm = algorithm
        self.qop = (parameters["qop"] ?? "").split(separator: ",").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            .filter { !$0.isEmpty }
        self.opaque = parameters["opaque"]
        self.stale = parameters["stale"]?.lowercased() == "true"
    }
}
