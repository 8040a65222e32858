import Crypto

/// Issues Digest nonces and recognises its own, without a table of them: a nonce carries its issue time and
/// random bits, signed (HMAC-SHA-256) with a key this server instance drew at start. So a nonce expires, cannot
/// be forged, and is worthless to a server restarted since (RFC 7616 §5.5, "nonce bound to the server").
///
/// It is also bound to the client address it was issued to (RFC 7616 §5.5 suggests the client's IP address in
/// the nonce): an `Authorization` header captured on the wire is useless from any other address. Two tags make
/// the two refusals distinguishable in the log: one over the body alone (ours at all?), one over the body and
/// the address (ours, for this client?).
///
/// Layout, hex-encoded (80 digits): issued time (8 bytes, big-endian seconds) | random (8) |
/// HMAC(key, "server" | body)[0..<8] | HMAC(key, "client" | body | address)[0..<16].
public struct NonceIssuer: Sendable {
    /// Five minutes: long enough that a client's keep-alives rarely meet a stale nonce (and a client that does
    /// just retries with the fresh one the 401 carries), short enough that a captured header soon goes cold.
    public static let defaultLifetimeSeconds: UInt64 = 300
    static let bodyBytes = 16
    static let serverTagBytes = 8
    static let clientTagBytes = 16
    static let nonceBytes = bodyBytes + serverTagBytes + clientTagBytes

    public enum Check: Sendable, Hashable {
        case valid
        case stale
        /// Not a nonce this server instance issued (forged, or from before a restart).
        case foreign
        /// Ours, but issued to another client address: a captured header replayed from elsewhere.
        case otherAddress
    }

    /// Kept as bytes: Crypto's SymmetricKey is not Sendable, and a key made per use costs nothing here.
    private let key: [UInt8]
    public let lifetimeSeconds: UInt64

    public init(key: [UInt8], lifetimeSeconds: UInt64 = defaultLifetimeSeconds) {
        self.key = key
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// A fresh key from the system's generator.
    public init(lifetimeSeconds: UInt64 = defaultLifetimeSeconds) {
        var generator = SystemRandomNumberGenerator()
        self.init(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, lifetimeSeconds: lifetimeSeconds)
    }

    /// `now` is any seconds clock that only moves forward (the server passes its monotonic clock);
    /// `clientAddress` is the peer's IP address as text, the same form `check` will be given.
    public func issue(now: UInt64, random: UInt64, clientAddress: String) -> String {
        let body = Self.bytes(now) + Self.bytes(random)
        return DigestAlgorithm.hex(body + serverTag(body) + clientTag(body, clientAddress))
    }

    public func check(_ nonce: String, clientAddress: String, now: UInt64) -> Check {
        guard let bytes = Self.unhex(nonce), bytes.count == Self.nonceBytes else { return .foreign }
        let body = Array(bytes[0..<Self.bodyBytes])
        let tags = bytes[Self.bodyBytes...]
        guard Self.constantTimeEqual(Array(tags.prefix(Self.serverTagBytes)), serverTag(body)) else { return .foreign }
        guard Self.constantTimeEqual(Array(tags.dropFirst(Self.serverTagBytes)), clientTag(body, clientAddress)) else { return .otherAddress }
        let issued = Self.issueTime(body)
        return now >= issued && now - issued <= lifetimeSeconds ? .valid : .stale
    }

    /// When a nonce was issued, read without checking it: for ordering nonces already checked.
    static func issueTime(of nonce: String) -> UInt64? {
        guard let bytes = unhex(nonce), bytes.count == nonceBytes else { return nil }
        return issueTime(bytes[0..<8])
    }

    private static func issueTime(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private func serverTag(_ body: [UInt8]) -> [UInt8] {
        mac(Array("server".utf8) + body).prefix(Self.serverTagBytes).map { $0 }
    }

    private func clientTag(_ body: [UInt8], _ clientAddress: String) -> [UInt8] {
        mac(Array("client".utf8) + body + Array(clientAddress.utf8)).prefix(Self.clientTagBytes).map { $0 }
    }

    private func mac(_ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    private static func bytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Compares without an early exit, so timing tells an attacker nothing about how much matched. Only the
    /// lengths may differ visibly, and every caller compares values of a length fixed by the algorithm.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
