import Crypto

/// Issues Digest nonces and recognises its own, without a table of them: a nonce carries its issue time and
/// random bits, signed (HMAC-SHA-256) with a key this server instance drew at start. So a nonce expires, cannot
/// be forged, and is worthless to a server restarted since (RFC 7616 §5.5, "nonce bound to the server").
public struct NonceIssuer: Sendable {
    /// Five minutes: long enough that a client's keep-alives rarely meet a stale nonce (and a client that does
    /// just retries with the fresh one the 401 carries), short enough that a captured header soon goes cold.
    public static let defaultLifetimeSeconds: UInt64 = 300

    public enum Check: Sendable, Hashable {
        case valid
        case stale
        case foreign
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

    /// `now` is any seconds clock that only moves forward (the server passes its monotonic clock).
    public func issue(now: UInt64, random: UInt64) -> String {
        let body = Self.bytes(now) + Self.bytes(random)
        return DigestAlgorithm.hex(body + signature(body))
    }

    public func check(_ nonce: String, now: UInt64) -> Check {
        guard let bytes = Self.unhex(nonce), bytes.count == 32 else { return .foreign }
        let body = Array(bytes[0..<16])
        guard Self.constantTimeEqual(Array(bytes[16...]), signature(body)) else { return .foreign }
        let issued = body[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return now >= issued && now - issued <= lifetimeSeconds ? .valid : .stale
    }

    private func signature(_ body: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key)).prefix(16))
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

    /// Compares without an early exit, so timing tells an attacker nothing about how much matched.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
