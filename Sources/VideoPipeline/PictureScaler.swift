import CYUV
import X264Encoder

/// Scales a captured picture to a sub-stream's size with libyuv, into a buffer it owns and reuses.
///
/// The output keeps the input's layout (I420 stays I420, NV12 stays NV12): x264 reads either, so a camera's
/// NV12 is never converted just to be scaled. Bilinear filtering: box filtering looks no better on a 2:1
/// reduction and costs more on the capture thread, which does the scaling.
///
/// Not thread-safe: whoever holds the buffer (the capture thread while filling it, the sub-stream's encoder
/// while reading it) owns it.
public final class PictureScaler {
    public let width: Int
    public let height: Int
    private let buffer: UnsafeMutableRawBufferPointer

    /// - Parameters: the output size, even (4:2:0 chroma halves both).
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        buffer = .allocate(byteCount: width * height * 3 / 2, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        buffer.deallocate()
    }

    /// `picture` (of `sourceWidth`x`sourceHeight`) scaled into this scaler's buffer; valid until the next call.
    /// nil if libyuv refuses (a plane count that does not match the layout).
    public func scale(_ picture: RawPicture, sourceWidth: Int, sourceHeight: Int) -> RawPicture? {
        guard let base = buffer.baseAddress else { return nil }
        let y = base.assumingMemoryBound(to: UInt8.self)
        let chroma = y + width * height
        let source = picture.planes.map { $0.assumingMemoryBound(to: UInt8.self) }
        let strides = picture.strides.map { Int32(truncatingIfNeeded: $0) }
        switch picture.layout {
        case .i420:
            guard source.count == 3, strides.count == 3 else { return nil }
            let v = chroma + width * height / 4
            let result = I420Scale(
                source[0], strides[0], source[1], strides[1], source[2], strides[2], Int32(sourceWidth), Int32(sourceHeight),
                y, Int32(width), chroma, Int32(width / 2), v, Int32(width / 2), Int32(width), Int32(height), kFilterBilinear)
            guard result == 0 else { return nil }
            return RawPicture(
                layout: .i420, planes: [UnsafeRawPointer(y), UnsafeRawPointer(chroma), UnsafeRawPointer(v)],
                strides: [width, width / 2, width / 2])
        case .nv12:
            guard source.count == 2, strides.count == 2 else { return nil }
            let result = NV12Scale(
                source[0], strides[0], source[1], strides[1], Int32(sourceWidth), Int32(sourceHeight),
                y, Int32(width), chroma, Int32(width), Int32(width), Int32(height), kFilterBilinear)
            guard result == 0 else { return nil }
            return RawPicture(layout: .nv12, planes: [UnsafeRawPointer(y), UnsafeRawPointer(chroma)], strides: [width, width])
        }
    }
}
