import Testing
import V4L2Capture
import VideoPipeline
import X264Encoder

/// A page-aligned buffer like an mmap'ed V4L2 buffer, filled by `fill(offset)`.
final class CaptureBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int, fill: (Int) -> UInt8) {
        bytes = .allocate(byteCount: count, alignment: 4096)
        for offset in 0..<count { bytes[offset] = fill(offset) }
    }

    deinit { bytes.deallocate() }

    var readOnly: UnsafeRawBufferPointer { UnsafeRawBufferPointer(bytes) }
    func contains(_ pointer: UnsafeRawPointer) -> Bool {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        return pointer >= base && pointer < base + bytes.count
    }
}

@Suite struct FramePreparerTests {
    let width = 64, height = 32

    func format(_ fourcc: FourCC, bytesPerLine: Int) -> ActiveFormat {
        ActiveFormat(fourcc: fourcc, width: width, height: height, bytesPerLine: bytesPerLine, sizeImage: 0, framesPerSecond: 30)
    }

    @Test func nv12IsHandedToX264FromTheCaptureBufferWithoutACopy() throws {
        // A driver that pads lines to 80 bytes: the stride must come from bytesperline.
        let stride = 80
        let buffer = CaptureBuffer(count: stride * height * 3 / 2) { UInt8(truncatingIfNeeded: $0) }
        let preparer = FramePreparer(format: format(.nv12, bytesPerLine: stride), handling: .nv12)
        let picture = try #require(preparer.picture(from: buffer.readOnly))
        #expect(picture.layout == .nv12)
        #expect(picture.planes[0] == UnsafeRawPointer(buffer.bytes.baseAddress!))
        #expect(picture.planes[1] == UnsafeRawPointer(buffer.bytes.baseAddress! + stride * height))
        #expect(picture.strides == [stride, stride])
        #expect(preparer.bytesCopied == 0)
    }

    @Test func yu12PlanesPointIntoTheCaptureBuffer() throws {
        let buffer = CaptureBuffer(count: width * height * 3 / 2) { UInt8(truncatingIfNeeded: $0) }
        let preparer = FramePreparer(format: format(.yu12, bytesPerLine: width), handling: .i420)
        for _ in 0..<10 {
            let picture = try #require(preparer.picture(from: buffer.readOnly))
            #expect(picture.planes.allSatisfy(buffer.contains))
            #expect(picture.planes[2] - picture.planes[1] == width * height / 4)
            #expect(picture.strides == [width, width / 2, width / 2])
        }
        #expect(preparer.bytesCopied == 0)
    }

    @Test func aShortBufferIsCountedNotRead() {
        let buffer = CaptureBuffer(count: width * height) { _ in 0 }
        let preparer = FramePreparer(format: format(.yu12, bytesPerLine: width), handling: .i420)
        #expect(preparer.picture(from: buffer.readOnly) == nil)
        #expect(preparer.shortFrames == 1)
    }

    /// libyuv's YUY2ToI420 against the definition: luma copied, chroma of two lines averaged.
    @Test(arguments: [FrameHandling.yuyvToI420, .uyvyToI420])
    func packedYUVBecomesI420(_ handling: FrameHandling) throws {
        let luma: (Int, Int) -> UInt8 = { x, y in UInt8((x * 3 + y * 7) % 220 + 16) }
        let cb: (Int, Int) -> UInt8 = { x, y in UInt8((x * 5 + y * 11) % 200 + 20) }
        let cr: (Int, Int) -> UInt8 = { x, y in UInt8((x * 13 + y * 3) % 180 + 40) }
        let yuyv = handling == .yuyvToI420
        let buffer = CaptureBuffer(count: width * 2 * height) { offset in
            let y = offset / (width * 2), column = offset % (width * 2), pair = column / 4
            switch (column % 4, yuyv) {
            case (0, true), (1, false): return luma(pair * 2, y)
            case (2, true), (3, false): return luma(pair * 2 + 1, y)
            case (1, true), (0, false): return cb(pair, y)
            default: return cr(pair, y)
            }
        }
        let preparer = FramePreparer(format: format(yuyv ? .yuyv : .uyvy, bytesPerLine: width * 2), handling: handling)
        let picture = try #require(preparer.picture(from: buffer.readOnly))
        #expect(picture.layout == .i420)
        #expect(!picture.planes.contains(where: buffer.contains))
        #expect(preparer.bytesCopied == width * height * 3 / 2)
        var mismatches = 0
        for y in 0..<height {
            for x in 0..<width where picture.planes[0].load(fromByteOffset: y * width + x, as: UInt8.self) != luma(x, y) {
                mismatches += 1
            }
        }
        for y in 0..<height / 2 {
            for x in 0..<width / 2 {
                let u = picture.planes[1].load(fromByteOffset: y * width / 2 + x, as: UInt8.self)
                let v = picture.planes[2].load(fromByteOffset: y * width / 2 + x, as: UInt8.self)
                let expectedU = (Int(cb(x, 2 * y)) + Int(cb(x, 2 * y + 1)) + 1) / 2
                let expectedV = (Int(cr(x, 2 * y)) + Int(cr(x, 2 * y + 1)) + 1) / 2
                if Int(u) != expectedU || Int(v) != expectedV { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    /// What leaves the preparer is what x264 accepts: each layout encodes to an IDR.
    @Test(arguments: [FrameHandling.nv12, .i420, .yuyvToI420])
    func preparedPicturesEncode(_ handling: FrameHandling) throws {
        let fourcc: FourCC = handling == .nv12 ? .nv12 : handling == .i420 ? .yu12 : .yuyv
        let lineBytes = handling == .yuyvToI420 ? width * 2 : width
        let size = handling == .yuyvToI420 ? width * 2 * height : width * height * 3 / 2
        let buffer = CaptureBuffer(count: size) { UInt8(truncatingIfNeeded: $0 * 7) }
        let preparer = FramePreparer(format: format(fourcc, bytesPerLine: lineBytes), handling: handling)
        let encoder = try X264Encoder(
            settings: EncoderSettings(width: width, height: height, framesPerSecond: 30, bitrateKbps: 200), inputLayout: preparer.layout)
        let picture = try #require(preparer.picture(from: buffer.readOnly))
        let accessUnit = try #require(try encoder.encode(picture, captureTime: 1, forceIDR: true))
        #expect(accessUnit.startsDecoding)
    }
}
