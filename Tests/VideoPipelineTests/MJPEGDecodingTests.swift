import CTurboJPEG
import NIOConcurrencyHelpers
import SeededRandom
import TestPattern
import Testing
import V4L2Capture
import X264Encoder

@testable import VideoPipeline

/// A camera's JPEG of the test pattern: its video-range planes stretched to JPEG's full range, as a camera's encoder
/// samples them, and compressed by libjpeg-turbo at `subsampling` (4:2:2 chroma rows are the 4:2:0 rows repeated).
func cameraJPEG(of renderer: TestPatternRenderer, subsampling: TJSAMP) -> [UInt8] {
    let width = renderer.width, height = renderer.height
    let planes = renderer.planes
    let chromaWidth = subsampling == TJSAMP_444 ? width : width / 2
    let chromaHeight = subsampling == TJSAMP_420 ? height / 2 : height
    func stretched(_ plane: UnsafeRawPointer, _ stride: Int, _ width: Int, _ height: Int, luma: Bool) -> [UInt8] {
        let table = luma ? JPEGCompressor.lumaToFullRange : JPEGCompressor.chromaToFullRange
        var result: [UInt8] = []
        for row in 0..<height {
            for column in 0..<width { result.append(table[Int(plane.load(fromByteOffset: row * stride + column, as: UInt8.self))]) }
        }
        return result
    }
    let y = stretched(planes.y, planes.strides.0, width, height, luma: true)
    var u = stretched(planes.u, planes.strides.1, width / 2, height / 2, luma: false)
    var v = stretched(planes.v, planes.strides.2, width / 2, height / 2, luma: false)
    if subsampling != TJSAMP_420 {
        // Each 4:2:0 chroma sample repeated down (4:2:2) or down and across (4:4:4).
        func upsampled(_ plane: [UInt8]) -> [UInt8] {
            (0..<chromaHeight).flatMap { row in
                (0..<chromaWidth).map { column in
                    plane[(row * (height / 2) / chromaHeight) * (width / 2) + column * (width / 2) / chromaWidth]
                }
            }
        }
        u = upsampled(u)
        v = upsampled(v)
    }
    let handle = tjInitCompress()
    defer { tjDestroy(handle) }
    var jpeg: UnsafeMutablePointer<UInt8>?
    var size: UInt = 0
    var strides: [Int32] = [Int32(width), Int32(chromaWidth), Int32(chromaWidth)]
    let status = y.withUnsafeBufferPointer { y in
        u.withUnsafeBufferPointer { u in
            v.withUnsafeBufferPointer { v in
                var sources: [UnsafePointer<UInt8>?] = [y.baseAddress, u.baseAddress, v.baseAddress]
                return tjCompressFromYUVPlanes(
                    handle, &sources, Int32(width), &strides, Int32(height), Int32(subsampling.rawValue), &jpeg, &size, 95, 0)
            }
        }
    }
    precondition(status == 0 && jpeg != nil, "tjCompressFromYUVPlanes failed")
    defer { tjFree(jpeg) }
    return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
}

/// The JPEG with every DHT segment (FF C4) taken out, as most webcams send their frames.
func withoutHuffmanTables(_ jpeg: [UInt8]) -> [UInt8] {
    var result: [UInt8] = [], index = 0
    while index + 3 < jpeg.count {
        guard jpeg[index] == 0xFF else { break }
        let marker = jpeg[index + 1]
        if marker == 0xD8 {
            result += [0xFF, 0xD8]
            index += 2
            continue
        }
        if marker == 0xDA { break }  // the scan: copied whole below
        let length = Int(jpeg[index + 2]) << 8 | Int(jpeg[index + 3])
        if marker != 0xC4 { result += jpeg[index..<index + 2 + length] }
        index += 2 + length
    }
    return result + jpeg[index...]
}

@Suite struct MJPEGDecodingTests {
    let width = 320, height = 240

    func preparer() -> FramePreparer {
        let format = ActiveFormat(
            fourcc: .mjpeg, width: width, height: height, bytesPerLine: 0, sizeImage: width * height, framesPerSecond: 30)
        return FramePreparer(format: format, handling: .mjpegDecoded)
    }

    func sample(_ picture: RawPicture, plane: Int, x: Int, y: Int) -> Int {
        Int(picture.planes[plane].load(fromByteOffset: y * picture.strides[plane] + x, as: UInt8.self))
    }

    func sample(_ renderer: TestPatternRenderer, plane: Int, x: Int, y: Int) -> Int {
        let planes = renderer.planes
        let (base, stride) = [(planes.y, planes.strides.0), (planes.u, planes.strides.1), (planes.v, planes.strides.2)][plane]
        return Int(base.load(fromByteOffset: y * stride + x, as: UInt8.self))
    }

    /// Each of the seven bars, at its centre in the top band, decodes to the pattern's own video-range Y, Cb and Cr
    /// within JPEG's loss (quality 95) and the full-range round trip's rounding.
    @Test(arguments: [TJSAMP_420, TJSAMP_422, TJSAMP_444])
    func theColourBarsComeBackInVideoRange(_ subsampling: TJSAMP) throws {
        let renderer = TestPatternRenderer(width: width, height: height)
        renderer.render(frameIndex: 0)
        let jpeg = cameraJPEG(of: renderer, subsampling: subsampling)
        let preparer = preparer()
        let picture = try jpeg.withUnsafeBytes { try #require(preparer.picture(from: $0)) }
        #expect(picture.layout == .i420)
        #expect(picture.strides == [width, width / 2, width / 2])
        let barWidth = width / 7
        for bar in 0..<7 {
            let x = bar * barWidth + barWidth / 2, y = 40
            for (plane, px, py) in [(0, x, y), (1, x / 2, y / 2), (2, x / 2, y / 2)] {
                let decoded = sample(picture, plane: plane, x: px, y: py), expected = sample(renderer, plane: plane, x: px, y: py)
                #expect(abs(decoded - expected) <= 3, "bar \(bar) plane \(plane): \(decoded), pattern \(expected)")
            }
        }
        #expect(preparer.undecodableFrames == 0)
    }

    /// libjpeg-turbo 2.1.5 falls back to the standard tables (ITU-T T.81 §K.3) for a frame without DHT: the picture is
    /// the same as from the frame with its tables, so nothing needs inserting.
    @Test func aFrameWithoutHuffmanTablesDecodesTheSame() throws {
        let renderer = TestPatternRenderer(width: width, height: height)
        renderer.render(frameIndex: 5)
        let jpeg = cameraJPEG(of: renderer, subsampling: TJSAMP_422)
        let stripped = withoutHuffmanTables(jpeg)
        #expect(stripped.count < jpeg.count - 400, "four standard tables are 420 bytes")
        #expect(!zip(stripped, stripped.dropFirst()).contains { $0 == 0xFF && $1 == 0xC4 })
        let preparer = preparer()
        let size = width * height * 3 / 2
        let withTables = try jpeg.withUnsafeBytes { bytes in
            let picture = try #require(preparer.picture(from: bytes))
            return Array(UnsafeRawBufferPointer(start: picture.planes[0], count: size))
        }
        let withoutTables = try stripped.withUnsafeBytes { bytes in
            let picture = try #require(preparer.picture(from: bytes))
            return Array(UnsafeRawBufferPointer(start: picture.planes[0], count: size))
        }
        #expect(withTables == withoutTables)
    }

    /// The image's end is its own EOI, found by walking segments and scan, not the last FF D9 in the buffer; a table
    /// segment holding FF D9 bytes and stuffed or restart bytes in the scan do not end it.
    @Test func theImageEndsAtItsOwnEOI() {
        func length(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { JPEGFrameEnd.length($0) } }
        let comment: [UInt8] = [0xFF, 0xFE, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9]
        let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF, 0xD9]
        let image: [UInt8] = [0xFF, 0xD8] + comment + scan
        #expect(length(image) == image.count)
        #expect(length(image + [0xAB, 0xFF, 0xD9, 0x00]) == image.count)
        #expect(length(Array(image.dropLast(2))) == nil)
        #expect(length(Array(image.prefix(9))) == nil, "cut inside the comment")
        #expect(length([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x01, 0xFF, 0xD9]) == nil, "a length below 2")
        #expect(length([0xFF, 0xD8, 0x12, 0x34, 0xFF, 0xD9]) == nil, "no marker between segments")
        #expect(length([]) == nil)
    }

    /// The vectorised range squeeze against its definition (ITU-T T.871 full range to BT.601 video range), for every
    /// value, with lengths that exercise both the 16-lane loop and the tail.
    @Test func fullRangeBecomesVideoRangeExactly() {
        let values = (0..<(256 + 7)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var luma = values, chroma = values
        luma.withUnsafeMutableBufferPointer { MJPEGDecoder.squeezeLuma($0.baseAddress!, count: $0.count) }
        chroma.withUnsafeMutableBufferPointer { MJPEGDecoder.squeezeChroma($0.baseAddress!, count: $0.count) }
        #expect(luma == values.map { UInt8(16 + (Double($0) * 219 / 255).rounded()) })
        #expect(chroma == values.map { UInt8(128 + ((Double($0) - 128) * 224 / 255).rounded()) })
        #expect(luma.min() == 16 && luma.max() == 235 && chroma.min() == 16 && chroma.max() == 240)
    }

    /// The camera's bytes are input: what is not a whole JPEG of the negotiated size is a dropped frame, counted and
    /// explained, never a trap or a write past the planes.
    @Test func badFramesAreDroppedAndSayWhy() throws {
        let renderer = TestPatternRenderer(width: width, height: height)
        renderer.render(frameIndex: 0)
        let jpeg = cameraJPEG(of: renderer, subsampling: TJSAMP_420)
        let other = TestPatternRenderer(width: 640, height: 480)
        other.render(frameIndex: 0)
        let cases: [([UInt8], String)] = [
            ([], "does not start with a JPEG SOI marker"),
            (Array(repeating: 0x55, count: 5000), "does not start with a JPEG SOI marker"),
            (Array(jpeg[..<(jpeg.count / 2)]), "cut short"),
            (Array(jpeg[..<(jpeg.count / 2)]) + Array(repeating: 0, count: 900), "cut short"),
            ([0xFF, 0xD8] + Array(repeating: 0xAB, count: 300) + [0xFF, 0xD9], "malformed"),
            ([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9], "no frame header (SOF) before EOI"),
            (cameraJPEG(of: other, subsampling: TJSAMP_420), "640x480, not the negotiated 320x240"),
        ]
        let preparer = preparer()
        for (index, (frame, reason)) in cases.enumerated() {
            let picture = frame.withUnsafeBytes { preparer.picture(from: $0) }
            #expect(picture == nil)
            #expect(preparer.cameraJPEG == nil)
            #expect(preparer.undecodableFrames == index + 1)
            #expect(preparer.lastDecodingError?.contains(reason) == true, "\(preparer.lastDecodingError ?? "none")")
        }
        // Padding after EOI, or an earlier frame's tail (v4l2loopback's buffers), is not a short frame.
        for padded in [jpeg + Array(repeating: 0, count: 64), jpeg + Array(jpeg.suffix(300))] {
            #expect(padded.withUnsafeBytes { preparer.picture(from: $0) } != nil)
            #expect(preparer.cameraJPEG?.count == jpeg.count)
        }
    }

    /// Frames with bytes changed at random (fixed seed) in the header and the scan: each is a picture or a counted
    /// drop, and the process survives all of them.
    @Test func corruptedFramesNeverTrap() {
        let renderer = TestPatternRenderer(width: width, height: height)
        renderer.render(frameIndex: 0)
        let jpeg = cameraJPEG(of: renderer, subsampling: TJSAMP_422)
        var random = SeededGenerator(seed: 0x4D4A_5047)
        let preparer = preparer()
        var decoded = 0
        for _ in 0..<300 {
            var frame = jpeg
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                frame[Int.random(in: 2..<(frame.count - 2), using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if frame.withUnsafeBytes({ preparer.picture(from: $0) }) != nil { decoded += 1 }
        }
        #expect(decoded + preparer.undecodableFrames == 300)
        #expect(preparer.undecodableFrames > 0, "some corruptions must be caught")
    }

    /// The camera's JPEG answers a full-size snapshot byte for byte (without what follows its EOI); a smaller width is compressed from the decoded
    /// picture, once for everyone asking for it.
    @Test func snapshotsAreTheCamerasOwnJPEG() throws {
        let renderer = TestPatternRenderer(width: width, height: height)
        renderer.render(frameIndex: 0)
        let jpeg = cameraJPEG(of: renderer, subsampling: TJSAMP_422)
        // What v4l2loopback hands over: the frame, then the tail of a longer one before it, EOI included.
        let padded = jpeg + Array(jpeg.suffix(500))
        let preparer = preparer()
        let requests = SnapshotRequests()
        let answers = NIOLockedValueBox<[Int?: [[UInt8]]]>([:])
        for width in [nil, nil, 320, 1000, 160, 160] as [Int?] {
            requests.add(width: width) { result in
                if case .success(let bytes) = result { answers.withLockedValue { $0[width, default: []].append(bytes) } }
            }
        }
        try padded.withUnsafeBytes { bytes in
            let picture = try #require(preparer.picture(from: bytes))
            #expect(preparer.cameraJPEG?.baseAddress == bytes.baseAddress)
            requests.serve(picture, width: width, height: height, cameraJPEG: preparer.cameraJPEG, compressor: JPEGCompressor())
        }
        let got = answers.withLockedValue { $0 }
        #expect(got[nil] == [jpeg, jpeg])
        #expect(got[320] == [jpeg])
        #expect(got[1000] == [jpeg])
        let small = try #require(got[160]?.first)
        #expect(got[160] == [small, small])
        #expect(small != jpeg)
        let handle = tjInitDecompress()
        defer { tjDestroy(handle) }
        var w: Int32 = 0, h: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        #expect(tjDecompressHeader3(handle, small, UInt(small.count), &w, &h, &subsampling, &colorspace) == 0)
        #expect((w, h) == (160, 120))
    }
}
