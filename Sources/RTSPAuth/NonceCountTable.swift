/// The highest `nc` each nonce has been answered with, for clients that use `qop=auth`: a nonce count that
/// does not increase is a replay (RFC 7616 §3.4: "the server ... SHOULD check that the nc value was not seen
/// before").
///
/// Bounded: at most `capacity` nonces (`DigestAuthenticator.trackedNonceLimit`, 4096: ~4096 × (an 80-digit nonce + a count) ≈ 0.5 MB at
/// worst), the oldest remembered one forgotten first. Only nonces a right answer was given to are entered, so
/// a stranger cannot fill it. Forgetting must not reopen a replay, so the table keeps a watermark, the latest
/// issue time of any nonce it forgot: a nonce issued no later than that and not in the table may have been
/// forgotten, and is answered as stale (the client retries at once with a fresh nonce) rather than trusted.
struct NonceCountTable: Sendable {
    enum Outcome: Sendable, Hashable {
        case accepted
        case replayed
        /// Possibly forgotten: refuse as stale, never accept.
        case forgotten
    }

    let capacity: Int
    private var counts: [String: UInt32] = [:]
    /// Nonces in the order they were entered, as a ring: `order[next]` is the oldest once the ring is full.
    private var order: [String] = []
    private var next = 0
    private var forgottenThrough: UInt64?

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    var count: Int { counts.count }

    mutating func record(_ nonceCount: UInt32, for nonce: String, issuedAt: UInt64) -> Outcome {
        if let seen = counts[nonce] {
            guard nonceCount > seen else { return .replayed }
            counts[nonce] = nonceCount
            return .accepted
        }
        if let forgottenThrough, issuedAt <= forgottenThrough { return .forgotten }
        if order.count < capacity {
            order.append(nonce)
        } else {
            let oldest = order[next]
            if let issued = NonceIssuer.issueTime(of: oldest) { forgottenThrough = max(forgottenThrough ?? 0, issued) }
            counts[oldest] = nil
            order[next] = nonce
            next = (next + 1) % capacity
        }
        counts[nonce] = nonceCount
        return .accepted
    }
}
