/// Bounds the bytes WS-Discovery sends in answers, so that spoofed Probes cannot turn camstream into an
/// amplifier: a Probe is about 600 bytes, a ProbeMatch about 1.3 KB, and at most `bytesPerSecond` leave on
/// average, with bursts up to `burstBytes`. Pure: the caller passes a monotonic time.
public struct DiscoveryRateLimiter: Sendable {
    /// 4 KiB/s: three ProbeMatches a second, plenty for a LAN's recorders, and 32 kbit/s at worst.
    public static let defaultBytesPerSecond = 4096
    /// 8 KiB: a burst of six answers (several recorders probing at once).
    public static let defaultBurstBytes = 8192

    public let bytesPerSecond: Int
    public let burstBytes: Int
    private var tokens: Int
    private var lastRefill: UInt64?

    public init(bytesPerSecond: Int = defaultBytesPerSecond, burstBytes: Int = defaultBurstBytes) {
        self.bytesPerSecond = max(bytesPerSecond, 1)
        self.burstBytes = max(burstBytes, 1)
        self.tokens = self.burstBytes
    }

    /// Whether an answer of `bytes` may go now (and if so, takes its bytes from the bucket).
    public mutating func allow(bytes: Int, nowNanoseconds: UInt64) -> Bool {
        if let lastRefill, nowNanoseconds > lastRefill {
            let elapsed = nowNanoseconds - lastRefill
            // Refill whole bytes only, keeping the remainder's time for the next call.
            let earned = elapsed / 1_000_000_000 * UInt64(bytesPerSecond) + elapsed % 1_000_000_000 * UInt64(bytesPerSecond) / 1_000_000_000
            if earned > 0 {
                tokens = Int(min(UInt64(burstBytes), UInt64(tokens) + earned))
                self.lastRefill = nowNanoseconds
            }
        } else if lastRefill == nil {
            lastRefill = nowNanoseconds
        }
        guard bytes <= tokens else { return false }
        tokens -= bytes
        return true
    }
}
