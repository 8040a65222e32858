import CTurboJPEG
import CYUV
import H264
import X264Encoder

/// Compresses a raw 4:2:0 picture (the one x264 is given) to a JPEG with libjpeg-turbo, straight from its
/// planes; NV12 is split into I420 first, a smaller width is scaled with libyuv's box filter, and the
/// video-range samples (luma 16–235, chroma 16–240, what cameras and x264 use) are stretched to the full range
/// JFIF readers assume, so whites are white and the colours are not washed out.
/// Used on the capture thread only.
final class JPEGCompressor {
    /// Quality 85: a sharp picture at about a tenth of the raw size.
    static let quality: Int32 = 85

    private let handle: tjhandle?
    /// Planes of a converted or scaled picture, kept from frame to frame (reallocated when the size changes).
    private var converted = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var scaled = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var fullRange = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// Video range to full range (ITU-T T.871 §7 assumes 0–255): (Y − 16) × 255/219 and (C − 128) × 255/224 + 128,
    /// rounded and clamped.
    static let lumaToFullRange: [UInt8] = (0...255).map { UInt8(clamping: Int(((Double($0) - 16) * 255 / 219).rounded())) }
    static let chromaToFullRange: [UInt8] = (0...255).map { UInt8(clamping: Int(((Double($0) - 128) * 255 / 224 + 128).rounded())) }

    init() {
        handle = tjInitCompress()
    }

    deinit {
        if let handle { tjDestroy(handle) }
        converted.deallocate()
        scaled.deallocate()
        fullRange.deallocate()
    }

    /// `buffer` with room for exactly `count` bytes.
    private static func ensure(_ buffer: inout UnsafeMutableRawBufferPointer, count: Int) -> UnsafeMutablePointer<UInt8> {
        if buffer.count != count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 64)
        }
        return buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    /// The JPEG of `picture` (`width`×`height`), at `outputWidth` when given (even, within 16…`width`).
    func compress(_ picture: RawPicture, width: Int, height: Int, outputWidth: Int?) -> Result<[UInt8], SnapshotUnavailable> {
        guard let handle else { return .failure(SnapshotUnavailable("libjpeg-turbo could not be initialised")) }
        var planes = picture.planes
        var strides = picture.strides
        if picture.layout == .nv12 {
            guard planes.count == 2, strides.count == 2 else { return .failure(SnapshotUnavailable("an NV12 picture needs two planes")) }
            let y = Self.ensure(&converted, count: width * height * 3 / 2)
            _ = NV12ToI420(
                planes[0].assumingMemoryBound(to: UInt8.self), Int32(strides[0]), planes[1].assumingMemoryBound(to: UInt8.self),
                Int32(strides[1]),
                y, Int32(width), y + width * height, Int32(width / 2), y + width * height * 5 / 4, Int32(width / 2), Int32(width),
                Int32(height))
            (planes, strides) = Self.i420Planes(y, width: width, height: height)
        }
        guard planes.count == 3, strides.count == 3 else { return .failure(SnapshotUnavailable("an I420 picture needs three planes")) }
        var outputHeight = height
        var output = width
        if let requested = outputWidth, requested < width {
            output = requested
            outputHeight = max(2, (height * requested / width) & ~1)
            let y = Self.ensure(&scaled, count: output * outputHeight * 3 / 2)
            _ = I420Scale(
                planes[0].assumingMemoryBound(to: UInt8.self), Int32(strides[0]), planes[1].assumingMemoryBound(to: UInt8.self),
                Int32(strides[1]),
                planes[2].assumingMemoryBound(to: UInt8.self), Int32(strides[2]), Int32(width), Int32(height),
                y, Int32(output), y + output * outputHeight, Int32(output / 2), y + output * outputHeight * 5 / 4, Int32(output / 2),
                Int32(output), Int32(outputHeight), kFilterBox)
            (planes, strides) = Self.i420Planes(y, width: output, height: outputHeight)
        }
        let full = Self.ensure(&fullRange, count: output * outputHeight * 3 / 2)
        let sizes = [(output, outputHeight), (output / 2, outputHeight / 2), (output / 2, outputHeight / 2)]
        let offsets = [0, output * outputHeight, output * outputHeight * 5 / 4]
        for plane in 0..<3 {
            let table = plane == 0 ? Self.lumaToFullRange : Self.chromaToFullRange
            let (planeWidth, planeHeight) = sizes[plane]
            let source = planes[plane].assumingMemoryBound(to: UInt8.self)
            for row in 0..<planeHeight {
                let from = source + row * strides[plane]
                let to = full + offsets[plane] + row * planeWidth
                for column in 0..<planeWidth { to[column] = table[Int(from[column])] }
            }
        }
        (planes, strides) = Self.i420Planes(full, width: output, height: outputHeight)
        var jpeg: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var sources: [UnsafePointer<UInt8>?] = planes.map { $0.assumingMemoryBound(to: UInt8.self) }
        let strides32 = strides.map { Int32($0) }
        let status = tjCompressFromYUVPlanes(
            handle, &sources, Int32(output), strides32, Int32(outputHeight), Int32(TJSAMP_420.rawValue), &jpeg, &size, Self.quality, 0)
        defer { if let jpeg { tjFree(jpeg) } }
        guard status == 0, let jpeg else {
            return .failure(SnapshotUnavailable("libjpeg-turbo: \(String(cString: tjGetErrorStr2(handle)))"))
        }
        return .success(Array(UnsafeBufferPointer(start: jpeg, count: Int(size))))
    }

    /// Plane pointers and strides of a tightly packed I420 picture at `base`.
    private static func i420Planes(_ base: UnsafeMutablePointer<UInt8>, width: Int, height: Int) -> ([UnsafeRawPointer], [Int]) {
        let raw = UnsafeRawPointer(base)
        return ([raw, raw + width * height, raw + width * height * 5 / 4], [width, width / 2, width / 2])
    }
}
