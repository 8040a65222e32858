import CTurboJPEG
import CYUV
import X264Encoder

/// Decodes a camera's JPEG frame to the I420 picture x264 and the snapshot compressor are given, with libjpeg-turbo
/// straight to YCbCr planes (no RGB step).
///
/// JPEG's samples are full range (ITU-T T.871 §7); every other source hands x264 video range (luma 16–235, chroma
/// 16–240), x264 signals video range in its VUI, and `JPEGCompressor` stretches video range back out. So the decoded
/// planes are squeezed to video range here, keeping one convention through the pipeline rather than a per-source
/// flag that x264 would need at open time.
///
/// Webcam JPEGs are usually 4:2:2 (UVC cameras) or 4:2:0; 4:4:4 and greyscale are taken too, each brought to
/// 4:2:0 by libyuv. Motion-JPEG frames without Huffman tables (most webcams leave them out) need nothing extra:
/// libjpeg-turbo loads the standard tables of ITU-T T.81 §K.3 when a frame has none.
///
/// The camera's bytes are input like any other: the size is read from the frame's own header and must equal the
/// negotiated size, so a frame can never make the decoder write past the planes allocated here.
///
/// Not thread-safe: the capture thread owns it.
final class MJPEGDecoder {
    let width: Int
    let height: Int

    private let handle: tjhandle?
    /// The I420 picture handed on, tightly packed.
    private let output: UnsafeMutableRawBufferPointer
    /// Decoded planes of a 4:2:2, 4:4:4 or greyscale frame before libyuv brings them to 4:2:0 (4:4:4's size: the largest).
    private let decoded: UnsafeMutableRawBufferPointer

    /// `width` and `height` are the negotiated size (even, as the encoder's are).
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        handle = tjInitDecompress()
        output = .allocate(byteCount: width * height * 3 / 2, alignment: 64)
        decoded = .allocate(byteCount: width * height * 3, alignment: 64)
    }

    deinit {
        if let handle { tjDestroy(handle) }
        output.deallocate()
        decoded.deallocate()
    }

    /// The picture in `frame` (valid until the next call) and the frame's JPEG without whatever follows its EOI, or
    /// why there is none.
    func decode(_ frame: UnsafeRawBufferPointer) -> Result<(picture: RawPicture, jpeg: UnsafeRawBufferPointer), MJPEGDecodingError> {
        guard let handle else { return .failure(.libraryUnavailable) }
        guard let base = frame.baseAddress?.assumingMemoryBound(to: UInt8.self), frame.count >= 4, frame[0] == 0xFF, frame[1] == 0xD8
        else { return .failure(.notJPEG(bytes: frame.count)) }
        // A frame cut short still decodes (libjpeg-turbo greys out the rest and warns); a complete one has its EOI.
        guard let length = JPEGFrameEnd.length(frame) else { return .failure(.truncated(bytes: frame.count)) }
        let jpeg = UnsafeRawBufferPointer(rebasing: frame[0..<length])
        var frameWidth: Int32 = 0, frameHeight: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, base, UInt(jpeg.count), &frameWidth, &frameHeight, &subsampling, &colorspace) == 0 else {
            return .failure(.header(Self.errorText(handle)))
        }
        // Tables and EOI with no frame in between pass as a "tables-only" stream, of no size.
        guard frameWidth > 0, frameHeight > 0 else { return .failure(.header("no frame header (SOF) before EOI")) }
        // Odd sizes would round chroma planes up past what was allocated; the encoder's sizes are even anyway.
        guard frameWidth == width, frameHeight == height, width % 2 == 0, height % 2 == 0 else {
            return .failure(.size(width: Int(frameWidth), height: Int(frameHeight), expected: "\(width)x\(height)"))
        }
        let y = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let u = y + width * height, v = u + width * height / 4
        let w = Int32(width), h = Int32(height)
        if subsampling == Int32(TJSAMP_420.rawValue) {
            guard decodePlanes(handle, base, jpeg.count, [y, u, v], strides: [w, w / 2, w / 2], subsampling: subsampling) else {
                return .failure(.decoding(Self.errorText(handle)))
            }
        } else {
            let d = decoded.baseAddress!.assumingMemoryBound(to: UInt8.self)
            switch subsampling {
            case Int32(TJSAMP_422.rawValue):
                let du = d + width * height, dv = du + width * height / 2
                guard decodePlanes(handle, base, jpeg.count, [d, du, dv], strides: [w, w / 2, w / 2], subsampling: subsampling) else {
                    return .failure(.decoding(Self.errorText(handle)))
                }
                _ = I422ToI420(d, w, du, w / 2, dv, w / 2, y, w, u, w / 2, v, w / 2, w, h)
            case Int32(TJSAMP_444.rawValue):
                let du = d + width * height, dv = du + width * height
                guard decodePlanes(handle, base, jpeg.count, [d, du, dv], strides: [w, w, w], subsampling: subsampling) else {
                    return .failure(.decoding(Self.errorText(handle)))
                }
                _ = I444ToI420(d, w, du, w, dv, w, y, w, u, w / 2, v, w / 2, w, h)
            case Int32(TJSAMP_GRAY.rawValue):
                guard decodePlanes(handle, base, jpeg.count, [d], strides: [w], subsampling: subsampling) else {
                    return .failure(.decoding(Self.errorText(handle)))
                }
                _ = I400ToI420(d, w, y, w, u, w / 2, v, w / 2, w, h)
            default:
                return .failure(.subsampling(Int(subsampling)))
            }
        }
        Self.squeezeLuma(y, count: width * height)
        Self.squeezeChroma(u, count: width * height / 2)
        let raw = UnsafeRawPointer(y)
        let picture = RawPicture(
            layout: .i420, planes: [raw, raw + width * height, raw + width * height * 5 / 4], strides: [width, width / 2, width / 2])
        return .success((picture, jpeg))
    }

    /// libjpeg-turbo's warnings ("extraneous bytes before marker", common from webcams) leave a whole picture and are
    /// let through; a truncated frame was refused before.
    private func decodePlanes(
        _ handle: tjhandle, _ jpeg: UnsafePointer<UInt8>, _ count: Int, _ planes: [UnsafeMutablePointer<UInt8>], strides: [Int32],
        subsampling: Int32
    ) -> Bool {
        var destinations: [UnsafeMutablePointer<UInt8>?] = planes
        var strides = strides
        let status = tjDecompressToYUVPlanes(handle, jpeg, UInt(count), &destinations, Int32(width), &strides, Int32(height), 0)
        return status == 0 || tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue)
    }

    /// Full range to video range for luma: 16 + round(Y × 219/255).
    static func squeezeLuma(_ samples: UnsafeMutablePointer<UInt8>, count: Int) {
        squeeze(samples, count: count, scale: 219, bias: 128, offset: 16)
    }

    /// Full range to video range for chroma: 128 + round((C − 128) × 224/255), which is round((C × 224 + 3968)/255)
    /// (no ties to break either way: 255 is odd).
    static func squeezeChroma(_ samples: UnsafeMutablePointer<UInt8>, count: Int) {
        squeeze(samples, count: count, scale: 224, bias: 3968 + 128, offset: 0)
    }

    /// `offset + (s × scale + bias) / 255` in place, 16 samples at a time in 16-bit lanes (three times faster than a
    /// table lookup per byte: about 1 ms for a 720p frame's planes, against 3 ms); x/255 is (x + (x >> 8)) >> 8,
    /// exact for x below 65535 (the largest here is 255 × 224 + 4096 = 61216), and `bias` carries the rounding +128.
    private static func squeeze(_ samples: UnsafeMutablePointer<UInt8>, count: Int, scale: UInt16, bias: UInt16, offset: UInt16) {
        let raw = UnsafeMutableRawPointer(samples)
        var index = 0
        while index + 16 <= count {
            let x = SIMD16<UInt16>(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)) &* scale &+ bias
            let squeezed = (x &+ (x &>> 8)) &>> 8 &+ offset
            raw.storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: squeezed), toByteOffset: index, as: SIMD16<UInt8>.self)
            index += 16
        }
        while index < count {
            let x = UInt16(samples[index]) &* scale &+ bias
            samples[index] = UInt8(truncatingIfNeeded: (x &+ (x &>> 8)) &>> 8 &+ offset)
            index += 1
        }
    }

    private static func errorText(_ handle: tjhandle) -> String {
        String(cString: tjGetErrorStr2(handle))
    }
}

/// Why a camera's JPEG frame gave no picture; the frame counts as dropped.
enum MJPEGDecodingError: Error, Hashable, CustomStringConvertible {
    case libraryUnavailable
    case notJPEG(bytes: Int)
    case truncated(bytes: Int)
    case header(String)
    case size(width: Int, height: Int, expected: String)
    case subsampling(Int)
    case decoding(String)

    var description: String {
        switch self {
        case .libraryUnavailable: "libjpeg-turbo could not be initialised"
        case .notJPEG(let bytes): "a frame of \(bytes) bytes that does not start with a JPEG SOI marker"
        case .truncated(let bytes): "a JPEG frame of \(bytes) bytes cut short or malformed (no EOI marker after its segments and scan)"
        case .header(let reason): "a JPEG frame whose header libjpeg-turbo rejects: \(reason)"
        case .size(let width, let height, let expected): "a JPEG frame of \(width)x\(height), not the negotiated \(expected)"
        case .subsampling(let code): "a JPEG frame with chroma subsampling \(code) (TurboJPEG's TJSAMP), which camstream does not convert"
        case .decoding(let reason): "a JPEG frame libjpeg-turbo could not decode: \(reason)"
        }
    }
}
