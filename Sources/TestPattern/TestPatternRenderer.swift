import Timecode

/// Draws SMPTE-style colour bars that scroll sideways, into an I420 picture it owns, with a block of
/// fresh white noise in the bottom right quarter, and (`drawTimecode`) the frame's capture time as a
/// `TimecodeStrip` in the top left corner.
///
/// Moving, so that a frozen stream is obvious to a person; and of the complexity of GStreamer's
/// `videotestsrc pattern=smpte horizontal-speed=8`, noise block included, so benchmark figures
/// against a gst-rtsp-server peer compare like with like (without the noise the bars compress to a
/// third of the peer's bitrate at the same settings, and every encode and send is cheaper for it).
/// Each band is one row drawn once and copied, and the noise is a xorshift generator writing
/// eight pixels a step, which keeps a 720p frame well under a millisecond.
public final class TestPatternRenderer {
    public let width: Int
    public let height: Int
    /// Pixels the bars move per frame, as `horizontal-speed=8` does.
    public static let pixelsPerFrame = 8

    private let pixels: UnsafeMutableRawBufferPointer
    /// The bands' rows in the luma and chroma planes, worked out once rather than per frame.
    private let lumaBands: [Range<Int>]
    private let chromaBands: [Range<Int>]

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0 && width.isMultiple(of: 2) && height.isMultiple(of: 2), "I420 needs a positive, even size")
        self.width = width
        self.height = height
        self.lumaBands = Self.bands(height: height)
        self.chromaBands = Self.bands(height: height / 2)
        self.pixels = .allocate(byteCount: width * height * 3 / 2, alignment: 64)
        pixels.initializeMemory(as: UInt8.self, repeating: 16)
    }

    deinit {
        pixels.deallocate()
    }

    /// Y, U and V planes with their strides, valid while the renderer lives and until the next `render`.
    public var planes: (y: UnsafeRawPointer, u: UnsafeRawPointer, v: UnsafeRawPointer, strides: (Int, Int, Int)) {
        let base = UnsafeRawPointer(pixels.baseAddress!)
        let lumaSize = width * height
        return (base, base + lumaSize, base + lumaSize + lumaSize / 4, (width, width / 2, width / 2))
    }

    /// Renders frame number `frameIndex`: the bars are shifted by `frameIndex * pixelsPerFrame`.
    public func render(frameIndex: Int) {
        let shift = (frameIndex &* Self.pixelsPerFrame) % width
        let base = pixels.baseAddress!
        let lumaSize = width * height
        let chromaWidth = width / 2
        for (band, rows) in lumaBands.enumerated() {
            fill(plane: base, stride: width, planeWidth: width, rows: rows, shift: shift, band: band, component: 0)
        }
        for (band, rows) in chromaBands.enumerated() {
            fill(plane: base + lumaSize, stride: chromaWidth, planeWidth: chromaWidth, rows: rows, shift: shift / 2, band: band, component: 1)
            fill(plane: base + lumaSize + lumaSize / 4, stride: chromaWidth, planeWidth: chromaWidth, rows: rows, shift: shift / 2, band: band, component: 2)
        }
        drawNoise(frameIndex: frameIndex)
    }

    /// Draws `milliseconds` (wall-clock) as a `TimecodeStrip` over the top left 256×32 pixels of the frame last
    /// rendered, on neutral chroma so the blocks are pure white and black; a picture too small for it keeps none.
    public func drawTimecode(milliseconds: UInt64) {
        guard TimecodeStrip.fits(width: width, height: height) else { return }
        let base = pixels.baseAddress!
        let lumaSize = width * height
        TimecodeStrip.draw(milliseconds: milliseconds, luma: base, stride: width)
        for plane in [base + lumaSize, base + lumaSize + lumaSize / 4] {
            for y in 0..<(TimecodeStrip.height / 2) {
                (plane + y * width / 2).initializeMemory(as: UInt8.self, repeating: 128, count: TimecodeStrip.width / 2)
            }
        }
    }

    /// Grey white noise, new every frame, over the right quarter of the bottom band: the part of
    /// videotestsrc's SMPTE pattern that no encoder can predict, and what sets its bitrate.
    private func drawNoise(frameIndex: Int) {
        let base = pixels.baseAddress!
        let lumaSize = width * height
        let rows = lumaBands[2]
        let left = width * 3 / 4 & ~7
        var state = UInt64(truncatingIfNeeded: frameIndex) &* 0x9E37_79B9_7F4A_7C15 | 1
        for y in rows {
            let row = base + y * width
            var x = left
            while x < width {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                let count = min(8, width - x)
                withUnsafeBytes(of: state.littleEndian) { (row + x).copyMemory(from: $0.baseAddress!, byteCount: count) }
                x += count
            }
        }
        let chromaWidth = width / 2
        let chromaRows = chromaBands[2]
        for plane in [base + lumaSize, base + lumaSize + lumaSize / 4] {
            for y in chromaRows {
                (plane + y * chromaWidth + left / 2).initializeMemory(as: UInt8.self, repeating: 128, count: chromaWidth - left / 2)
            }
        }
    }

    /// Draws one row of a band and copies it down the band's rows.
    private func fill(
        plane: UnsafeMutableRawPointer, stride: Int, planeWidth: Int, rows: Range<Int>, shift: Int, band: Int, component: Int
    ) {
        guard let first = rows.first else { return }
        let colours = Self.palette[band]
        let row = (plane + first * stride).assumingMemoryBound(to: UInt8.self)
        for x in 0..<planeWidth {
            let position = (x + shift) % planeWidth
            let colour = colours[position * colours.count / planeWidth]
            row[x] = component == 0 ? colour.y : component == 1 ? colour.u : colour.v
        }
        for y in rows.dropFirst() {
            (plane + y * stride).copyMemory(from: row, byteCount: planeWidth)
        }
    }

    /// Top bars two thirds of the height, a thin reversed strip, then the bottom blocks (as SMPTE EG 1).
    static func bands(height: Int) -> [Range<Int>] {
        let top = height * 2 / 3
        let middle = top + height / 12
        return [0..<top, top..<middle, middle..<height]
    }

    struct YUV {
        var y: UInt8, u: UInt8, v: UInt8
    }

    /// BT.601 limited-range values of the 75% bars.
    static let palette: [[YUV]] = {
        let white = YUV(y: 180, u: 128, v: 128), yellow = YUV(y: 162, u: 44, v: 142)
        let cyan = YUV(y: 131, u: 156, v: 44), green = YUV(y: 112, u: 72, v: 58)
        let magenta = YUV(y: 84, u: 184, v: 198), red = YUV(y: 65, u: 100, v: 212)
        let blue = YUV(y: 35, u: 212, v: 114), black = YUV(y: 16, u: 128, v: 128)
        let minusI = YUV(y: 16, u: 158, v: 95), plusQ = YUV(y: 16, u: 174, v: 149)
        let fullWhite = YUV(y: 235, u: 128, v: 128), darkGrey = YUV(y: 26, u: 128, v: 128)
        return [
            [white, yellow, cyan, green, magenta, red, blue],
            [blue, black, magenta, black, cyan, black, white],
            [minusI, fullWhite, plusQ, black, black, darkGrey, black],
        ]
    }()
}
