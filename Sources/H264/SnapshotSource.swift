/// A source that can show the picture it captures as a JPEG, for `/snapshot.jpg`: made from the raw picture
/// the encoder is given (never by decoding H.264), and only when someone asks.
public protocol SnapshotSource: AnyObject, Sendable {
    /// Calls `completion` once, on the source's own thread, with a JPEG of the next captured frame (scaled to
    /// `width`, keeping the aspect, when given) or why there is none. Requests made during one frame interval
    /// share one compression per width.
    func requestSnapshot(width: Int?, _ completion: @escaping @Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void)
}

/// Why a source has no snapshot: a camera that sends H.264 only, a picture that could not be compressed.
public struct SnapshotUnavailable: Error, Sendable, Hashable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
