/// Reads the bit fields of a NAL unit payload: fixed-width `u(n)` and exp-Golomb `ue(v)` / `se(v)`.
///
/// Emulation-prevention bytes (`00 00 03`) are removed up front so bit positions match the syntax tables.
/// Every read names its field, so a failure says what was being read and at which bit.
///
/// Specification: ITU-T H.264 §7.2 (`rbsp` from `nal_unit`), §9.1 (exp-Golomb codes)
struct RBSPReader {
    private let rbsp: [UInt8]
    private let unitName: String
    /// Bit offset into the RBSP (after emulation-prevention bytes were removed).
    private(set) var bitPosition = 0

    /// - Parameters:
    ///   - payload: the NAL unit after its header byte, as it appears in the stream.
    ///   - unitName: how errors name the structure, e.g. "SPS".
    init(payload: some Sequence<UInt8>, unitName: String) {
        var rbsp: [UInt8] = []
        var zeros = 0
        for byte in payload {
            if zeros >= 2, byte == 0x03 {
                zeros = 0
                continue
            }
            zeros = byte == 0 ? zeros + 1 : 0
            rbsp.append(byte)
        }
        self.rbsp = rbsp
        self.unitName = unitName
    }

    /// `u(1)`.
    mutating func flag(_ field: String) throws(H264Error) -> Bool {
        try bits(1, field) == 1
    }

    /// `u(n)` for n in 0...32.
    mutating func bits(_ count: Int, _ field: String) throws(H264Error) -> UInt32 {
        try bits(count, field, fieldStart: bitPosition)
    }

    /// Reads `count` bits of a field that began at `fieldStart`, which is where errors point.
    private mutating func bits(_ count: Int, _ field: String, fieldStart: Int) throws(H264Error) -> UInt32 {
        guard bitPosition + count <= rbsp.count * 8 else {
            throw .truncated("\(unitName) ends inside \(field) at bit \(fieldStart)")
        }
        var value: UInt32 = 0
        for _ in 0..<count {
            let byte = rbsp[bitPosition >> 3]
            let bit = (byte >> (7 - UInt8(bitPosition & 7))) & 1
            value = value << 1 | UInt32(bit)
            bitPosition += 1
        }
        return value
    }

    /// `ue(v)`, rejecting values above `maximum` (the range the syntax table allows).
    mutating func unsigned(_ field: String, maximum: UInt32 = .max - 1) throws(H264Error) -> UInt32 {
        let start = bitPosition
        var leadingZeros = 0
        while try bits(1, field, fieldStart: start) == 0 {
            leadingZeros += 1
            guard leadingZeros < 32 else {
                throw .invalid("\(unitName) \(field) at bit \(start) has an exp-Golomb code longer than 32 bits")
            }
        }
        let value = (UInt32(1) << leadingZeros) - 1 + (try bits(leadingZeros, field, fieldStart: start))
        guard value <= maximum else {
            throw .invalid("\(unitName) \(field) \(value) at bit \(start) exceeds \(maximum)")
        }
        return value
    }

    /// `se(v)`, rejecting values outside `range`.
    mutating func signed(_ field: String, in range: ClosedRange<Int64>) throws(H264Error) -> Int64 {
        let start = bitPosition
        let code = Int64(try unsigned(field))
        let value = code & 1 == 1 ? (code + 1) / 2 : -(code / 2)
        guard range.contains(value) else {
            throw .invalid("\(unitName) \(field) \(value) at bit \(start) is outside \(range)")
        }
        return value
    }
}
