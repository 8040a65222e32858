/// Builds a response document: elements nest through closures, so every element that opens also closes, and
/// all text and attribute values are escaped. Names are the program's own constants (`tt:Width`) and are
/// written as given.
public struct XMLWriter: Sendable {
    public private(set) var text = ""

    public init(declaration: Bool = true) {
        if declaration { text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" }
    }

    /// An element with children (or none: `<name/>`).
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], content: (inout XMLWriter) -> Void) {
        openTag(name, attributes)
        let start = text.utf8.count
        content(&self)
        if text.utf8.count == start {
            text.removeLast()  // the `>` of the open tag
            text += "/>"
        } else {
            text += "</\(name)>"
        }
    }

    /// An element holding only text.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text value: String) {
        openTag(name, attributes)
        text += Self.escaped(value)
        text += "</\(name)>"
    }

    /// An element holding only a number or a flag.
    public mutating func element(_ name: String, _ value: some CustomStringConvertible) {
        element(name, text: value.description)
    }

    private mutating func openTag(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        text += "<\(name)"
        for (key, value) in attributes { text += " \(key)=\"\(Self.escaped(value))\"" }
        text += ">"
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; control characters XML 1.0 cannot carry become U+FFFD.
    public static func escaped(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result.unicodeScalars.append("\u{FFFD}")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
