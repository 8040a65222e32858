import NIOCore

/// The two box headers every other box is written with: a size that is known only once the body is written,
/// and the four-character type.
extension ByteBuffer {
    /// Writes `size`, `type`, then `body`, and fills the size in afterwards: a writer never counts its bytes
    /// by hand, so a box's size cannot disagree with what it holds.
    ///
    /// Specification: ISO/IEC 14496-12 §4.2 (Object structure: `Box`)
    mutating func writeBox(_ type: FourCharacterCode, _ body: (inout ByteBuffer) -> Void) {
        let start = writerIndex
        writeInteger(UInt32(0))
        writeInteger(type.rawValue)
        body(&self)
        // Boxes here are far below 4 GiB (one access unit at most), so the 32-bit size always holds.
        setInteger(UInt32(truncatingIfNeeded: writerIndex - start), at: start)
    }

    /// A box with the version byte and 24 flag bits after its header.
    ///
    /// Specification: ISO/IEC 14496-12 §4.2 (Object structure: `FullBox`)
    mutating func writeFullBox(_ type: FourCharacterCode, version: UInt8, flags: UInt32, _ body: (inout ByteBuffer) -> Void) {
        writeBox(type) { buffer in
            buffer.writeInteger(UInt32(version) << 24 | flags & 0x00FF_FFFF)
            body(&buffer)
        }
    }

    /// `count` zero bytes, for the reserved and pre-defined fields the format leaves empty.
    mutating func writeZeros(_ count: Int) {
        writeRepeatingByte(0, count: count)
    }

    /// The unity transformation matrix of `mvhd` and `tkhd`: { 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000 }.
    ///
    /// Specification: ISO/IEC 14496-12 §8.2.2.3
    mutating func writeUnityMatrix() {
        for value: UInt32 in [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] {
            writeInteger(value)
        }
    }
}
