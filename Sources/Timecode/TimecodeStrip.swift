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

    /// The 32 blocks for a time as one word, block 0 in the top bit, white = 1: start mark `10`, the
    /// milliseconds, their CRC-8. Integer arithmetic only: drawing it each frame allocates nothing.
    public static func codeword(milliseconds: UInt64) -> UInt32 {
        let value = UInt32(truncatingIfNeeded: milliseconds % UInt64(modulus))
        return 1 << 31 | value << 8 | UInt32(crc8(value))
    }

    /// The milliseconds a codeword carries, or `nil` when its start mark or its CRC is wrong.
    public static func milliseconds(codeword: UInt32) -> UInt32? {
        guard codeword >> 30 == 0b10 else { return nil }
        let value = codeword >> 8 & (modulus - 1)
        return UInt8(truncatingIfNeeded: codeword) == crc8(value) ? value : nil
    }

    /// Draws the strip for `milliseconds` into the top left corner of a luma plane of at least 256×32 pixels.
    public static func draw(milliseconds: UInt64, luma: UnsafeMutableRawPointer, stride: Int) {
        let word = codeword(milliseconds: milliseconds)
        for index in 0..<(columns * rows) {
            let isWhite = word >> UInt32(31 - index) & 1 == 1
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
        var word: UInt32 = 0
        for index in 0..<(columns * rows) {
            let left = index % columns * blockSize + blockSize / 4
            let top = index / columns * blockSize + blockSize / 4
            var sum = 0
            for y in top..<(top + blockSize / 2) {
                for x in left..<(left + blockSize / 2) { sum += Int(luma[y * stride + x]) }
            }
            let mean = sum / (blockSize * blockSize / 4)
            if mean <= blackAtMost {
                word <<= 1
            } else if mean >= whiteAtLeast {
                word = word << 1 | 1
            } else {
                return nil
            }
        }
        return milliseconds(codeword: word)
    }

    /// Age of a frame: `now` minus the strip's time, both in milliseconds, modulo 2^22 (a strip read up to
    /// 35 minutes in the future, from a clock set back, is negative).
    public static func age(milliseconds read: UInt32, now: UInt64) -> Int {
        let difference = Int((UInt32(truncatingIfNeeded: now % UInt64(modulus)) &- read) & (modulus - 1))
        return difference >= Int(modulus / 2) ? difference - Int(modulus) : difference
    }

    /// CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07) and initial value 0xFF over the 22 bits of `value`, most
    /// significant first: the initial value keeps an all-black strip from checking out.
    static func crc8(_ value: UInt32) -> UInt8 {
        var crc: UInt8 = 0xFF
        for shift in (0..<UInt32(millisecondBits)).reversed() {
            let feedback = (crc >> 7 ^ UInt8(truncatingIfNeeded: value >> shift)) & 1 == 1
            crc <<= 1
            if feedback { crc ^= 0x07 }
        }
        return crc
    }
}
