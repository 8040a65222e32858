/// Hands out server RTP/RTCP port pairs (even RTP port, RTCP on the next odd one, RFC 3550 §11)
/// from the configured range, and takes them back when a session ends so a long-running camera
/// never exhausts the range.
struct RTPPortAllocator {
    private let range: ClosedRange<Int>
    private var inUse: Set<Int> = []
    private var cursor: Int

    init(range: ClosedRange<Int>) {
        self.range = range
        self.cursor = range.lowerBound + (range.lowerBound % 2)
    }

    /// Number of pairs the range holds.
    var capacity: Int {
        let firstEven = range.lowerBound + (range.lowerBound % 2)
        return firstEven + 1 > range.upperBound ? 0 : (range.upperBound - firstEven + 1) / 2
    }

    /// Pairs handed out and not yet released.
    var pairsInUse: Int { inUse.count }

    /// The next free even port, searching round-robin from where the last search stopped so that
    /// a just-freed pair is not reused at once (late packets of the old session would land on the new one).
    /// `excluding` skips pairs that were tried and could not be bound.
    mutating func allocate(excluding rejected: Set<Int> = []) -> Int? {
        let firstEven = range.lowerBound + (range.lowerBound % 2)
        for _ in 0..<capacity {
            let candidate = cursor
            cursor += 2
            if cursor + 1 > range.upperBound { cursor = firstEven }
            if !inUse.contains(candidate), !rejected.contains(candidate) {
                inUse.insert(candidate)
                return candidate
            }
        }
        return nil
    }

    mutating func release(_ rtpPort: Int) {
        inUse.remove(rtpPort)
    }
}
