/// The indentation structure of block-style YAML, read from the text itself.
///
/// Used only where libyaml gives a position but no context (a duplicated key), to say which mapping it is in.
/// Flow style (`{a: 1}`) is not followed; the answers are then simply less specific.
struct BlockLayout {
    var lines: [String]

    /// The keys of the block mappings that enclose the key at `line`/`column`, outermost first.
    func parentKeys(ofLine line: Int, column: Int) -> [String] {
        var parents: [String] = []
        var indent = column - 1
        var index = line - 2
        while index >= 0, indent > 0 {
            if let (keyIndent, key) = keyLine(index), keyIndent < indent {
                parents.insert(key, at: 0)
                indent = keyIndent
            }
            index -= 1
        }
        return parents
    }

    /// The next line after `afterLine` where `key` starts at `column`, before the mapping ends.
    func nextKeyLine(_ key: String, afterLine: Int, column: Int) -> Int? {
        var index = afterLine
        while index < lines.count {
            if let (indent, found) = keyLine(index) {
                if indent < column - 1 { return nil }
                if indent == column - 1, found == key { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// `(indentation, key)` for a line `  key: …` (or `- key: …`, whose key sits after the dash).
    private func keyLine(_ index: Int) -> (Int, String)? {
        guard lines.indices.contains(index) else { return nil }
        let line = lines[index]
        let indent = line.prefix(while: { $0 == " " }).count
        var rest = line.dropFirst(indent)
        var keyIndent = indent
        if rest.hasPrefix("- ") {
            rest = rest.dropFirst(2)
            keyIndent += 2
        }
        guard let first = rest.first, first != "#", let colon = rest.firstIndex(of: ":") else { return nil }
        var key = rest[..<colon].trimmingSpaces()
        if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote {
            key = key.dropFirst().dropLast()
        }
        guard !key.isEmpty else { return nil }
        return (keyIndent, String(key))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}
