/// The text's lines as libyaml numbers them, so a line from one of its marks indexes the right one.
///
/// libyaml breaks lines at CR LF, CR, LF, NEL, LS and PS. Splitting on `"\n"` instead loses count in a file saved
/// with CR LF or CR line ends (Swift's `"\r\n"` is one `Character`, never equal to `"\n"`), and a line number
/// from libyaml then points past the end.
func yamlLines(_ text: String) -> [String] {
    var lines: [String] = []
    var line = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
        pending = scalars.next()
        switch scalar {
        case "\r":
            if pending == "\n" { pending = scalars.next() }
            fallthrough
        case "\n", "\u{85}", "\u{2028}", "\u{2029}":
            lines.append(String(line))
            line = String.UnicodeScalarView()
        default:
            line.append(scalar)
        }
    }
    lines.append(String(line))
    return lines
}
