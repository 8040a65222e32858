/// Builds NAL unit payloads bit by bit, so tests can make SPSs with field values x264 never emits.
struct BitWriter {
    private var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func bits(_ value: UInt64, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            if bitCount % 8 == 0 {
                bytes.append(0)
            }
            if (value >> UInt64(shift)) & 1 == 1 {
                bytes[bytes.count - 1] |= 0x80 >> UInt8(bitCount % 8)
            }
            bitCount += 1
        }
    }

    mutating func flag(_ value: Bool) {
        bits(value ? 1 : 0, count: 1)
    }

    /// `ue(v)`: leading zeros, then value + 1 in binary.
    mutating func unsigned(_ value: UInt64) {
        let codeNum = value + 1
        let length = 64 - codeNum.leadingZeroBitCount
        bits(0, count: length - 1)
        bits(codeNum, count: length)
    }

    /// `se(v)`: positive k maps to 2k − 1, negative to −2k.
    mutating func signed(_ value: Int64) {
        unsigned(value > 0 ? UInt64(2 * value - 1) : UInt64(-2 * value))
    }

    /// The NAL unit: `header`, then the bits with rbsp_stop_one_bit and alignment, with
    /// emulation-prevention bytes inserted as an encoder would.
    func nalUnit(header: UInt8) -> [UInt8] {
        var rbsp = self
        rbsp.bits(1, count: 1)
        var nalUnit: [UInt8] = [header]
        var zeros = 0
        for byte in rbsp.bytes {
            if zeros >= 2, byte <= 3 {
                nalUnit.append(0x03)
                zeros = 0
            }
            nalUnit.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return nalUnit
    }
}
