/// A frame's capture time drawn into the picture itself, as a strip of black and white blocks in its top left
/// corner, so that any viewer that can see the pixels can tell how old the frame it shows is: a browser reading
/// its `<video>` through a canvas, ffmpeg's decoded frames, a person's camera pointed at the screen.
///
/// The time is wall-clock milliseconds (CLOCK_REALTIME, modulo 2^22: 69.9 minutes), the clock a browser's
/// `Date.now()` and `performance.timeOrigin` share with every process on the machine; RTP keeps its own
/// monotonic capture times. Latency is then `(now − read) mod 2^22` on the same machine (or between machines
/// whose clocks NTP keeps together).
///
/// Layout: 2 rows of 16 blocks of 16×16 luma pixels (256×32 pixels), each block full white (235) or full black
/// (16), read left to right, top row first: `1 0` (a start mark no flat area carries), the 22 bits of the
/// milliseconds (most significant first), then a CRC-8 of them. Blocks are the size of an H.264 macroblock and
/// sit on the macroblock grid, so an encoder codes each one as one flat block and even a starved x264 keeps
/// them apart; a reader takes only each block's inner 8×8 pixels (the edges are where compression smears) and
/// refuses a block whose mean is neither clearly white nor clearly black, a missing start mark, or a CRC that
/// does not match. A misread comes back as `nil`, never as a wrong time.
public enum TimecodeStrip {
    /// Pixels on each side of one block: one macroblock.
    public static let blockSize = 16
    public static let columns = 16
    public static let rows = 2
    /// Milliseconds are kept modulo 2^22 (69.9 minutes): far longer than any latency, and it fits one strip.
    public static let millisecondBits = 22
    public static let modulus: UInt32 = 1 << 22
    public static let width = columns * blockSize
    public static let height = rows * blockSize

    /// Luma of a white and a black block (BT.601 limited range, as x264 is given it).
    public static let white: UInt8 = 235
    public static let black: UInt8 = 16
    /// A block's inner mean at or below this is black, at or above `whiteAtLeast` white, between them a misread.
    /// Wide enough for full-range readers too (a browser's canvas shows 16 as 0 and 235 as 255).
    public static let blackAtMost = 88
    public static let whiteAtLeast = 168

    /// Whether a picture of this size has room for the strip (pictures smaller than 256×32 carry none).
    public static func fits(width: Int, height: Int) -> Bool {
        width >= Self.width && height >= Self.height
    }

    /// The 32 blocks for a time, white = `true`: start mark, milliseconds, CRC-8.
    public static func blocks(milliseconds: UInt64) -> [Bool] {
        let value = UInt32(truncatingIfNeeded: milliseconds % UInt64(modulus))
        let data = (0..<millisecondBits).map { value >> UInt32(millisecondBits - 1 - $0) & 1 == 1 }
        let crc = crc8(data)
        return [true, false] + data + (0..<8).map { crc >> UInt8(7 - $0) & 1 == 1 }
    }

    /// The milliseconds the blocks code, or `nil` when the start mark or the CRC is wrong.
    public static func milliseconds(blocks: [Bool]) -> UInt32? {
        guard blocks.count == columns * rows, blocks[0], !blocks[1] else { return nil }
        let data = Array(blocks[2..<(2 + millisecondBits)])
        let crc = blocks[(2 + millisecondBits)...].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        guard crc == crc8(data) else { return nil }
        return data.reduce(UInt32(0)) { $0 << 1 | ($1 ? 1 : 0) }
    }

    /// Draws the strip for `milliseconds` into the top left corner of a luma plane of at least 256×32 pixels.
    public static func draw(milliseconds: UInt64, luma: UnsafeMutableRawPointer, stride: Int) {
        for (index, isWhite) in blocks(milliseconds: milliseconds).enumerated() {
            let left = index % columns * blockSize
            let top = index / columns * blockSize
            for y in top..<(top + blockSize) {
                (luma + y * stride + left).initializeMemory(as: UInt8.self, repeating: isWhite ? white : black, count: blockSize)
            }
        }
    }

    /// Reads the strip from a luma plane (`stride` bytes a row, at least 256×32 pixels in `luma`): the
    /// milliseconds it codes, or `nil` when the picture carries no strip or any block is unclear.
    public static func read(luma: UnsafeRawBufferPointer, stride: Int) -> UInt32? {
        guard stride >= width, luma.count >= (height - 1) * stride + width else { return nil }
        var blocks: [Bool] = []
        blocks.reserveCapacity(columns * rows)
        for index in 0..<(columns * rows) {
            let left = index % columns * blockSize + blockSize / 4
            let top = index / columns * blockSize + blockSize / 4
            var sum = 0
            for y in top..<(top + blockSize / 2) {
                for x in left..<(left + blockSize / 2) { sum += Int(luma[y * stride + x]) }
            }
            let mean = sum / (blockSize * blockSize / 4)
            if mean <= blackAtMost {
                blocks.append(false)
            } else if mean >= whiteAtLeast {
                blocks.append(true)
            } else {
                return nil
            }
        }
        return milliseconds(blocks: blocks)
    }

    /// Age of a frame: `now` minus the strip's time, both in milliseconds, modulo 2^22 (a strip read up to
    /// 35 minutes in the future, from a clock set back, is negative).
    public static func age(milliseconds read: UInt32, now: UInt64) -> Int {
        let difference = Int((UInt32(truncatingIfNeeded: now % UInt64(modulus)) &- read) & (modulus - 1))
        return difference >= Int(modulus / 2) ? difference - Int(modulus) : difference
    }

    /// CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07) and initial value 0xFF over the bits, most significant
    /// first: the initial value keeps an all-black strip from checking out.
    static func crc8(_ bits: [Bool]) -> UInt8 {
        var crc: UInt8 = 0xFF
        for bit in bits {
            let feedback = (crc >> 7 & 1 == 1) != bit
            crc <<= 1
            if feedback { crc ^= 0x07 }
        }
        return crc
    }
}
