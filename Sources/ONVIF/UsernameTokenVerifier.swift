import Crypto
import RTSPAuth

/// Checks WS-Security UsernameTokens against the configured passwords, refusing stale and replayed tokens.
/// Pure: the caller passes the wall-clock time and keeps this value on one event loop.
///
/// Freshness: `Created` must be within `window` of now, either way (clients correct their clock by
/// GetSystemDateAndTime first). Replay: every nonce of an accepted token is remembered until its `Created`
/// leaves the window; at most `capacity` are. When the table is full of fresh nonces, the oldest is dropped
/// and its `Created` becomes a floor: a token created at or before it is refused, since its nonce can no longer
/// be checked. Only tokens with a right digest are remembered, so only someone who has a password can fill it.
///
/// Specification: WSS UsernameToken Profile 1.0 §3.1 (PasswordDigest), ONVIF Core §5.12.2.1.
public struct UsernameTokenVerifier: Sendable {
    /// Five minutes, as the profile suggests for Created.
    public static let defaultWindowSeconds: Int64 = 300
    /// 4096 nonces of up to 64 bytes: at most about 400 KB.
    public static let defaultCapacity = 4096

    public let windowSeconds: Int64
    public let capacity: Int
    private var passwords: [String: String]
    private var seen: [[UInt8]: Int64] = [:]
    /// Accepted nonces in the order they were accepted, with their Created, for expiry.
    private var order: [(nonce: [UInt8], created: Int64)] = []
    private var orderStart = 0
    private var floor: Int64 = .min

    /// - Parameter passwords: user name → password, for users whose password is known in clear.
    public init(passwords: [String: String], windowSeconds: Int64 = defaultWindowSeconds, capacity: Int = defaultCapacity) {
        self.passwords = passwords
        self.windowSeconds = windowSeconds
        self.capacity = max(capacity, 1)
    }

    /// The user name the token proves, or the fault saying why not.
    public mutating func verify(_ token: UsernameToken, now: Int64) -> Result<String, SOAPFault> {
        guard let created = ISO8601Time.seconds(token.created) else {
            return .failure(.notAuthorized("UsernameToken Created '\(token.created.prefix(40))' is not an xs:dateTime"))
        }
        let age = now - created
        guard age <= windowSeconds, age >= -windowSeconds else {
            return .failure(
                .notAuthorized("UsernameToken Created \(token.created.prefix(40)) is \(age) s from our clock, outside ±\(windowSeconds) s"))
        }
        // A digest is computed whether or not the user exists, so the time taken does not tell.
        let password = passwords[token.username]
        let expected = Self.digest(nonce: token.nonce, created: token.created, password: password ?? "\u{0}unknown user")
        let sent = Base64Decoding.decode(token.passwordDigest) ?? []
        guard password != nil, Self.constantTimeEqual(expected, sent) else {
            return .failure(.notAuthorized("wrong user name or password for '\(token.username.prefix(64))'"))
        }
        expire(now: now)
        guard created > floor, seen[token.nonce] == nil else {
            return .failure(.notAuthorized("UsernameToken nonce was already used"))
        }
        if order.count - orderStart >= capacity {
            let oldest = order[orderStart]
            seen[oldest.nonce] = nil
            floor = max(floor, oldest.created)
            orderStart += 1
        }
        seen[token.nonce] = created
        order.append((token.nonce, created))
        compact()
        return .success(token.username)
    }

    /// How many nonces are remembered now.
    public var rememberedNonces: Int { seen.count }

    /// SHA-1 of nonce, Created and password, as the token's digest is made.
    public static func digest(nonce: [UInt8], created: String, password: String) -> [UInt8] {
        var hash = Insecure.SHA1()
        hash.update(data: nonce)
        hash.update(data: Array(created.utf8))
        hash.update(data: Array(password.utf8))
        return Array(hash.finalize())
    }

    private mutating func expire(now: Int64) {
        while orderStart < order.count, order[orderStart].created < now - windowSeconds {
            let entry = order[orderStart]
            if seen[entry.nonce] == entry.created { seen[entry.nonce] = nil }
            orderStart += 1
        }
        compact()
    }

    /// Drops the consumed front of `order` once it is half the array, so memory stays bounded by `capacity`.
    private mutating func compact() {
        if orderStart > 0, orderStart * 2 >= order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
