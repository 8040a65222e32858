import CYUV
import V4L2Capture
import X264Encoder

/// Turns a capture buffer into the picture x264 reads, copying only when the format demands it.
///
/// NV12 and YU12 buffers are described in place: the planes handed to x264 point into the
/// mmap'ed driver buffer, so camstream copies nothing (x264 then reads the frame once into its
/// own picture, as it does for any input). Packed YUYV/UYVY must become planar 4:2:0 first —
/// x264 rejects packed 4:2:2 for 4:2:0 output — which libyuv does in one pass into a buffer
/// owned here and reused every frame. `bytesCopied` counts what camstream itself wrote, so the
/// no-copy claim is measured, not assumed. A camera's MJPEG is decoded by libjpeg-turbo (`MJPEGDecoder`), and the
/// frame's own JPEG is kept in view for /snapshot.jpg.
///
/// Not thread-safe: the capture thread owns it.
public final class FramePreparer {
    public let format: ActiveFormat
    public let handling: FrameHandling
    /// Bytes camstream wrote to prepare frames so far (zero for NV12 and YU12).
    public private(set) var bytesCopied = 0
    /// Frames whose buffer was too short for the format (a truncated or corrupt frame).
    public private(set) var shortFrames = 0
    /// MJPEG frames that gave no picture (not a JPEG, cut short, another size, undecodable).
    public private(set) var undecodableFrames = 0
    /// Why the latest undecodable frame was refused, for the log.
    public private(set) var lastDecodingError: String?
    /// The camera's JPEG of the frame just prepared (MJPEG only): valid while that frame's bytes are.
    public private(set) var cameraJPEG: UnsafeRawBufferPointer?

    private let converted: I420Buffer?
    private let decoder: MJPEGDecoder?

    public init(format: ActiveFormat, handling: FrameHandling) {
        self.format = format
        self.handling = handling
        switch handling {
        case .yuyvToI420, .uyvyToI420:
            converted = I420Buffer(width: format.width, height: format.height)
        case .nv12, .i420, .libv4l2ToI420, .h264Passthrough, .mjpegDecoded:
            converted = nil
        }
        decoder = handling == .mjpegDecoded ? MJPEGDecoder(width: format.width, height: format.height) : nil
    }

    /// The x264 input layout for this handling.
    public var layout: RawPicture.Layout {
        handling == .nv12 ? .nv12 : .i420
    }

    /// The picture in `bytes`, valid while `bytes` (and this preparer) are; nil if the buffer is
    /// shorter than one frame of the format.
    public func picture(from bytes: UnsafeRawBufferPointer) -> RawPicture? {
        cameraJPEG = nil
        if let decoder { return decode(bytes, decoder) }
        guard let base = bytes.baseAddress else { return nil }
        let width = format.width, height = format.height
        switch handling {
        case .nv12:
            let stride = max(format.bytesPerLine, width)
            guard bytes.count >= stride * height + stride * height / 2 else { return short() }
            return RawPicture(layout: .nv12, planes: [base, base + stride * height], strides: [stride, stride])
        case .i420, .libv4l2ToI420:
            let stride = max(format.bytesPerLine, width)
            let chromaStride = stride / 2
            let lumaSize = stride * height, chromaSize = chromaStride * height / 2
            guard bytes.count >= lumaSize + 2 * chromaSize else { return short() }
            return RawPicture(
                layout: .i420, planes: [base, base + lumaSize, base + lumaSize + chromaSize], strides: [stride, chromaStride, chromaStride])
        case .yuyvToI420, .uyvyToI420:
            let stride = max(format.bytesPerLine, width * 2)
            guard bytes.count >= stride * height, let converted else { return short() }
            let source = base.assumingMemoryBound(to: UInt8.self)
            let convert = handling == .yuyvToI420 ? YUY2ToI420 : UYVYToI420
            bytesCopied += converted.byteCount
            return converted.fill { y, lumaStride, u, v, chromaStride in
                _ = convert(source, Int32(stride), y, lumaStride, u, chromaStride, v, chromaStride, Int32(width), Int32(height))
            }
        case .h264Passthrough, .mjpegDecoded:
            return nil
        }
    }

    private func decode(_ bytes: UnsafeRawBufferPointer, _ decoder: MJPEGDecoder) -> RawPicture? {
        switch decoder.decode(bytes) {
        case .success(let (picture, jpeg)):
            bytesCopied += format.width * format.height * 3 / 2
            cameraJPEG = jpeg
            return picture
        case .failure(let error):
            undecodableFrames += 1
            lastDecodingError = "\(error)"
            return nil
        }
    }

    private func short() -> RawPicture? {
        shortFrames += 1
        return nil
    }
}
