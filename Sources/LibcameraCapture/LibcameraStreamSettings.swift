/// What a libcamera stream is opened with.
public struct LibcameraStreamSettings: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public var framesPerSecond: Int
    /// Requests (and buffers) in flight; 4 keeps the camera fed while one frame is encoded.
    public var bufferCount: Int
    /// 0 or 180: libcamera's transforms rotate by 180 only through the sensor's flips.
    public var rotation: Int
    public var hflip: Bool
    public var vflip: Bool

    public init(width: Int, height: Int, framesPerSecond: Int, bufferCount: Int = 4, rotation: Int = 0, hflip: Bool = false, vflip: Bool = false) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bufferCount = bufferCount
        self.rotation = rotation
        self.hflip = hflip
        self.vflip = vflip
    }
}
