/// Short-lived, single-use tickets that let an authenticated page open its WebSocket: a browser does not
/// answer a Digest challenge on a WebSocket handshake, so the page (fetched with credentials) is handed a
/// token, and the handshake presents it instead.
///
/// Each token names the user and the address it was issued to, and is good once, for `lifetimeSeconds`.
/// Bounded: past `limit` outstanding tokens the oldest is forgotten, so a client fetching pages in a loop
/// cannot grow it. Pure: the caller passes the time and the random bits.
struct BrowserTokens {
    struct Grant: Equatable {
        /// The user the page was fetched as; nil when no users are configured.
        var user: String?
        var address: String
        var issued: UInt64
    }

    /// Long enough for a slow page load on a phone, short enough that a leaked URL is soon worthless.
    static let lifetimeSeconds: UInt64 = 30
    static let limit = 1024

    private var grants: [String: Grant] = [:]
    private var order: [String] = []

    /// A new token: 128 random bits as 32 hex digits.
    mutating func issue(user: String?, address: String, now: UInt64, random: (UInt64, UInt64)) -> String {
        let token = Self.hex(random.0) + Self.hex(random.1)
        if grants.count >= Self.limit { forgetExpired(now: now) }
        while grants.count >= Self.limit, !order.isEmpty { grants[order.removeFirst()] = nil }
        grants[token] = Grant(user: user, address: address, issued: now)
        order.append(token)
        return token
    }

    /// The grant, used up, if `token` was issued to `address` within its lifetime.
    mutating func redeem(_ token: String, address: String, now: UInt64) -> Grant? {
        guard let grant = grants.removeValue(forKey: token) else { return nil }
        order.removeAll { $0 == token }
        guard grant.address == address, now >= grant.issued, now - grant.issued <= Self.lifetimeSeconds else { return nil }
        return grant
    }

    private mutating func forgetExpired(now: UInt64) {
        order.removeAll { token in
            guard let grant = grants[token], now >= grant.issued, now - grant.issued <= Self.lifetimeSeconds else {
                grants[token] = nil
                return true
            }
            return false
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
