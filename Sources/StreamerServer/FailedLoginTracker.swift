/// Counts failed logins per peer address, so that guessing passwords from one address soon gets nothing but
/// 503 for a while. A client's first request without credentials, or one with an expired nonce, is the normal
/// start of Digest and is not counted. Bounded: it forgets the oldest addresses rather than grow.
struct FailedLoginTracker {
    /// Ten failures in a minute: far beyond a person mistyping, far below a password guesser's pace.
    static let limit = 10
    static let windowSeconds: UInt64 = 60
    static let trackedAddresses = 4096

    private var failures: [String: [UInt64]] = [:]

    mutating func recordFailure(from address: String, now: UInt64) {
        if failures[address] == nil, failures.count >= Self.trackedAddresses {
            failures = failures.filter { $0.value.contains { now - $0 < Self.windowSeconds } }
            if failures.count >= Self.trackedAddresses, let oldest = failures.min(by: { ($0.value.last ?? 0) < ($1.value.last ?? 0) }) {
                failures[oldest.key] = nil
            }
        }
        var times = failures[address, default: []].filter { now - $0 < Self.windowSeconds }
        times.append(now)
        failures[address] = Array(times.suffix(Self.limit))
    }

    func isBlocked(_ address: String, now: UInt64) -> Bool {
        (failures[address] ?? []).filter { now - $0 < Self.windowSeconds }.count >= Self.limit
    }
}
