/// Where the JPEG in a camera's buffer ends.
///
/// A capture buffer's `bytesused` may run past the image: v4l2loopback leaves the tail of an earlier, longer frame
/// there, and some webcams pad or send garbage after EOI. The image ends at the EOI (FF D9) that follows its marker
/// segments and entropy-coded data, which is found by walking them: segment lengths are skipped (their tables may
/// hold FF D9 bytes), and inside a scan a 0xFF is only ever followed by a stuffed 0x00, a restart marker or the
/// next marker (ITU-T T.81 §B.1.1.5, §F.1.2.3). Pure: bytes in, a length out; bounded by the buffer, never traps.
enum JPEGFrameEnd {
    /// The length up to and including the EOI that ends the image starting at `bytes[0]` (which must be SOI);
    /// nil when the buffer ends before it (a frame cut short) or the segments are malformed.
    static func length(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 1 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }  // between segments there are only markers
            let marker = bytes[index + 1]
            switch marker {
            case 0xFF:  // fill byte before a marker
                index += 1
            case 0xD9:
                return index + 2
            case 0x01, 0xD0...0xD7:  // TEM and restart markers stand alone
                index += 2
            default:
                guard index + 3 < bytes.count else { return nil }
                let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                guard length >= 2 else { return nil }
                index += 2 + length
                if marker == 0xDA { index = endOfEntropyCodedData(bytes, from: index) }
            }
        }
        return nil
    }

    /// The index of the first marker after a scan's entropy-coded data that starts at `start` (or the buffer's end).
    private static func endOfEntropyCodedData(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0xFF {
                let next = bytes[index + 1]
                if next != 0x00 && !(0xD0...0xD7).contains(next) { return index }
                index += 2
            } else {
                index += 1
            }
        }
        return bytes.count
    }
}
