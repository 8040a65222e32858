/// "Did you mean …?": the valid name closest to a misspelt one, if any is close enough to be a likely typo.
enum NearestName {
    /// The closest of `candidates` by edit distance (a swap of neighbours counts as one edit), within a third
    /// of the name's length (at least 1, at most 3), or one that starts with the name or it with the
    /// candidate (`bitrate` → `bitrate_kbps`).
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        let limit = min(3, max(1, name.count / 3))
        let scored = candidates.map { (candidate: $0, distance: distance(lowered, $0.lowercased())) }
        if let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit {
            return best.candidate
        }
        if lowered.count >= 3, let prefixed = candidates.first(where: { $0.hasPrefix(lowered) || lowered.hasPrefix($0) }) {
            return prefixed
        }
        return nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
