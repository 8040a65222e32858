/// Byte- and string-level helpers shared by the message parser and the typed headers.
///
/// RTSP borrows its lexical rules from HTTP/1.1: header names are tokens, values are text with linear white
/// space (SP / HT) around separators, parameters may be quoted. Everything here works on ASCII only and needs no
/// Foundation, so it behaves the same on every platform and never traps on odd input.
///
/// Specification: RFC 2326 §15.1, RFC 2616 §2.2
enum HeaderSyntax {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")
    static let dollar = UInt8(ascii: "$")

    /// SP or HT: the linear white space allowed around header values and separators.
    static func isLinearWhiteSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// True for CTL characters (RFC 2616 §2.2) other than HT, which is legal white space inside a header line.
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == 0x7F
    }

    /// RFC 2616 §2.2 `token` characters: visible ASCII minus the separators.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""),
            UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="),
            UInt8(ascii: "{"), UInt8(ascii: "}"):
            return false
        default:
            return true
        }
    }

    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// ASCII case-insensitive comparison: header names and parameter keys are case-insensitive, values from the
    /// wire are arbitrary, and `lowercased()` would allocate on every lookup.
    static func equalsIgnoringASCIICase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case (let l?, let r?):
                if lowercase(l) != lowercase(r) { return false }
            default:
                return false
            }
        }
    }

    static func hasPrefixIgnoringASCIICase(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
        var characters = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let actual = characters.next(), lowercase(actual) == lowercase(expected) else { return false }
        }
        return true
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    /// Strips SP / HT from both ends. Works on bytes, not Characters: a value that begins with a combining
    /// mark would otherwise form one grapheme with the space before it and be trimmed away with it.
    static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isLinearWhiteSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isLinearWhiteSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return text[start..<end]
    }

    /// The runs of text between runs of SP / HT, byte-wise for the same reason: `PLAY\t\u{301}x` is three bytes
    /// of separator-free text after the tab, not a tab-and-accent Character that separates nothing.
    static func fields(_ text: Substring) -> [Substring] {
        var fields: [Substring] = []
        var start: Substring.Index?
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            if isLinearWhiteSpace(text.utf8[index]) {
                if let fieldStart = start { fields.append(text[fieldStart..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = text.utf8.index(after: index)
        }
        if let fieldStart = start { fields.append(text[fieldStart...]) }
        return fields
    }

    /// Removes one pair of surrounding double quotes (`mode="PLAY"` means `PLAY`), byte-wise for the same reason.
    static func unquoted(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return text }
        return text[bytes.index(after: bytes.startIndex)..<bytes.index(before: bytes.endIndex)]
    }

    /// Splits on `separator` wherever it is not inside a quoted string, so `mode="PLAY,RECORD"` stays whole.
    /// Throws on an unterminated quote rather than guessing where the value ends.
    static func split(
        _ text: Substring,
        separator: UInt8,
        header: String
    ) throws(RTSPParseError) -> [Substring] {
        var parts: [Substring] = []
        var inQuotes = false
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text.utf8[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == separator, !inQuotes {
                parts.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        guard !inQuotes else {
            throw RTSPParseError(status: .badRequest, reason: "\(header): unterminated quoted string in '\(text)'")
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }

    /// Splits `key=value` at the first `=`; the key is trimmed, the value trimmed and unquoted.
    static func keyValue(_ parameter: Substring) -> (key: Substring, value: Substring?) {
        guard let equals = parameter.utf8.firstIndex(of: UInt8(ascii: "=")) else {
            return (trimmed(parameter), nil)
        }
        let key = trimmed(parameter[parameter.startIndex..<equals])
        let value = unquoted(trimmed(parameter[parameter.utf8.index(after: equals)...]))
        return (key, value)
    }

    /// A non-negative decimal integer made of digits only: no sign, no white space, no overflow.
    /// `Int("+5")` and `Int("-5")` succeed, which a protocol field must not.
    static func decimal<Value: FixedWidthInteger & UnsignedInteger>(
        _ text: some StringProtocol,
        as type: Value.Type = Value.self
    ) -> Value? {
        guard !text.isEmpty, text.utf8.allSatisfy(isDigit) else { return nil }
        return Value(text, radix: 10)
    }

    /// A non-negative `Int` from digits only.
    static func decimalInt(_ text: some StringProtocol) -> Int? {
        guard let value = decimal(text, as: UInt.self), value <= UInt(Int.max) else { return nil }
        return Int(value)
    }

    /// `low-high`, or a single number that `single` expands into a range. Rejects descending ranges, which
    /// `ClosedRange` would trap on.
    static func range<Value: FixedWidthInteger & UnsignedInteger>(
        _ text: Substring,
        as type: Value.Type,
        single: (Value) -> ClosedRange<Value>?
    ) -> ClosedRange<Value>? {
        let bounds = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        switch bounds.count {
        case 1:
            guard let value = decimal(trimmed(bounds[0]), as: Value.self) else { return nil }
            return single(value)
        case 2:
            guard let low = decimal(trimmed(bounds[0]), as: Value.self),
                let high = decimal(trimmed(bounds[1]), as: Value.self),
                low <= high
            else { return nil }
            return low...high
        default:
            return nil
        }
    }
}
