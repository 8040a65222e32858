import NIOCore

/// Bytes from hex text; whitespace is ignored so vectors can be laid out in 32-bit words as the RFC draws them.
func buffer(hex: String) -> ByteBuffer {
    let digits = hex.unicodeScalars.filter { !$0.properties.isWhitespace }.map { UInt8($0.value) }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = 0
    while index < digits.count {
        bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
        index += 2
    }
    return ByteBuffer(bytes: bytes)
}

/// Lower-case hex grouped in 32-bit words, so a failing comparison reads like the RFC's figures.
func hex(_ buffer: ByteBuffer) -> String {
    let digits = Array("0123456789abcdef")
    var words: [String] = []
    var word = ""
    for (index, byte) in buffer.readableBytesView.enumerated() {
        word.append(digits[Int(byte >> 4)])
        word.append(digits[Int(byte & 0x0F)])
        if index % 4 == 3 {
            words.append(word)
            word = ""
        }
    }
    if !word.isEmpty { words.append(word) }
    return words.joined(separator: " ")
}

private func nibble(_ digit: UInt8) -> UInt8 {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: preconditionFailure("not a hex digit: \(digit)")
    }
}
