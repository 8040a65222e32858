import CYUV
import LibcameraCapture
import X264Encoder

/// Turns a libcamera frame into the picture x264 reads.
///
/// YUV420 and NV12 (what a Raspberry Pi's ISP delivers) are described in place, through the
/// stream's stride: the planes x264 reads are libcamera's own mapped buffers. RGB888/BGR888 (all
/// vimc offers) become I420 first, through libyuv into a buffer owned here and reused; that copy
/// is counted in `bytesCopied`.
///
/// Not thread-safe: the capture thread owns it.
final class LibcameraFramePreparer {
    let format: LibcameraPixelFormat
    let width: Int
    let height: Int
    let stride: Int
    private(set) var bytesCopied = 0
    /// Frames whose planes were shorter than the format needs.
    private(set) var shortFrames = 0
    private let converted: I420Buffer?

    init(format: LibcameraPixelFormat, width: Int, height: Int, stride: Int) {
        (self.format, self.width, self.height, self.stride) = (format, width, height, stride)
        switch format {
        case .rgb888, .bgr888: converted = I420Buffer(width: width, height: height)
        case .yuv420, .nv12: converted = nil
        }
    }

    var layout: RawPicture.Layout { format == .nv12 ? .nv12 : .i420 }

    /// The picture in `frame`, valid until the frame is requeued; nil if its planes are short.
    func picture(from frame: LibcameraFrame) -> RawPicture? {
        switch format {
        case .yuv420:
            let chromaStride = stride / 2
            let sizes = [stride * height, chromaStride * height / 2, chromaStride * height / 2]
            guard let planes = planes(of: frame, sizes: sizes) else { return short() }
            return RawPicture(layout: .i420, planes: planes, strides: [stride, chromaStride, chromaStride])
        case .nv12:
            guard let planes = planes(of: frame, sizes: [stride * height, stride * height / 2]) else { return short() }
            return RawPicture(layout: .nv12, planes: planes, strides: [stride, stride])
        case .rgb888, .bgr888:
            guard let source = frame.planes.first, source.count >= stride * height, let base = source.baseAddress, let converted
            else { return short() }
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            // DRM's RGB888 is B, G, R in memory: libyuv's RGB24. BGR888 is R, G, B: libyuv's RAW.
            let convert = format == .rgb888 ? RGB24ToI420 : RAWToI420
            bytesCopied += converted.byteCount
            return converted.fill { y, lumaStride, u, v, chromaStride in
                _ = convert(bytes, Int32(stride), y, lumaStride, u, chromaStride, v, chromaStride, Int32(width), Int32(height))
            }
        }
    }

    /// Plane starts for a frame whose buffer has one plane per component, or one plane holding
    /// them all one after another; nil if a plane is shorter than `sizes` says.
    private func planes(of frame: LibcameraFrame, sizes: [Int]) -> [UnsafeRawPointer]? {
        if frame.planes.count >= sizes.count {
            var starts: [UnsafeRawPointer] = []
            for (plane, size) in zip(frame.planes, sizes) {
                guard let base = plane.baseAddress, plane.count >= size else { return nil }
                starts.append(base)
            }
            return starts
        }
        guard let only = frame.planes.first, let base = only.baseAddress, only.count >= sizes.reduce(0, +) else { return nil }
        var offset = 0
        return sizes.map { size in
            defer { offset += size }
            return base + offset
        }
    }

    private func short() -> RawPicture? {
        shortFrames += 1
        return nil
    }
}
