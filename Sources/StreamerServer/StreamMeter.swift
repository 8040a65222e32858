/// A stream's measured frame rate and bitrate over the last few seconds of access units, by their capture
/// times: what the camera really delivers, which may differ from what was configured.
struct StreamMeter {
    /// Two seconds: long enough to smooth one frame's jitter, short enough to show a change at once.
    static let windowNanoseconds: UInt64 = 2_000_000_000
    /// Bounds the window at 120 fps for two seconds, whatever a camera does.
    static let capacity = 240

    private var samples: [(time: UInt64, bytes: Int)] = []

    mutating func record(captureTime: UInt64, bytes: Int) {
        samples.append((captureTime, bytes))
        let oldest = captureTime >= Self.windowNanoseconds ? captureTime - Self.windowNanoseconds : 0
        if let keep = samples.firstIndex(where: { $0.time >= oldest }), keep > 0 { samples.removeFirst(keep) }
        if samples.count > Self.capacity { samples.removeFirst(samples.count - Self.capacity) }
    }

    /// Frames per second between the first and last frame in the window; nil before two frames.
    var framesPerSecond: Double? {
        guard let first = samples.first, let last = samples.last, last.time > first.time else { return nil }
        return Double(samples.count - 1) / (Double(last.time - first.time) / 1e9)
    }

    /// Encoded bits per second over the same frames (the last frame's bytes belong to the next interval).
    var bitsPerSecond: Double? {
        guard let first = samples.first, let last = samples.last, last.time > first.time else { return nil }
        let bytes = samples.dropLast().reduce(0) { $0 + $1.bytes }
        return Double(bytes * 8) / (Double(last.time - first.time) / 1e9)
    }
}
