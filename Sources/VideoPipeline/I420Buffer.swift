import X264Encoder

/// An I420 picture camstream writes itself, for a camera format x264 cannot read (packed YUYV/UYVY on V4L2,
/// RGB on libcamera): libyuv converts into it, x264 reads from it. Allocated once per stream and reused
/// for every frame, so a conversion costs one pass and no allocation.
///
/// Not thread-safe: the capture thread owns it.
final class I420Buffer {
    let width: Int
    let height: Int
    private let storage: UnsafeMutableRawBufferPointer
    private let y: UnsafeMutablePointer<UInt8>
    private let u: UnsafeMutablePointer<UInt8>
    private let v: UnsafeMutablePointer<UInt8>
    /// The planes never move, so x264's view of them is built once, not for every frame.
    private let picture: RawPicture

    init(width: Int, height: Int) {
        (self.width, self.height) = (width, height)
        storage = .allocate(byteCount: width * height * 3 / 2, alignment: 64)
        y = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        u = y + width * height
        v = u + width * height / 4
        picture = RawPicture(
            layout: .i420, planes: [UnsafeRawPointer(y), UnsafeRawPointer(u), UnsafeRawPointer(v)], strides: [width, width / 2, width / 2])
    }

    deinit {
        storage.deallocate()
    }

    /// What one conversion writes: the measure of a preparer's `bytesCopied`.
    var byteCount: Int { storage.count }

    /// Has `convert` write the three planes, given with their strides (`width` for luma, half of it for
    /// chroma), and returns them as x264's picture, valid until the next fill.
    func fill(
        _ convert: (
            _ y: UnsafeMutablePointer<UInt8>, _ lumaStride: Int32, _ u: UnsafeMutablePointer<UInt8>, _ v: UnsafeMutablePointer<UInt8>,
            _ chromaStride: Int32
        ) -> Void
    ) -> RawPicture {
        convert(y, Int32(width), u, v, Int32(width / 2))
        return picture
    }
}
