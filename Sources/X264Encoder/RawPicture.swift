/// One uncompressed 4:2:0 picture, described by plane pointers so that a capture buffer
/// (an mmap'ed V4L2 buffer or the test pattern's own frame) reaches x264 without a copy.
/// The memory must stay valid for the duration of the `encode` call only.
public struct RawPicture {
    public enum Layout: Sendable, Hashable {
        /// Three planes: Y, U, V (V4L2 YU12).
        case i420
        /// Two planes: Y, then interleaved UV (V4L2 NV12).
        case nv12
    }

    public var layout: Layout
    public var planes: [UnsafeRawPointer]
    public var strides: [Int]

    public init(layout: Layout, planes: [UnsafeRawPointer], strides: [Int]) {
        self.layout = layout
        self.planes = planes
        self.strides = strides
    }
}
