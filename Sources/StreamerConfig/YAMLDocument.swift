import Yams

/// YAML text to a `ConfigNode`, with syntax errors turned into diagnostics that name the place.
enum YAMLDocument {
    /// The document's root, or `nil` when it holds nothing but comments (which means "all defaults").
    static func parse(_ text: String, path: String) throws(ConfigErrors) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigErrors([diagnostic(for: error, text: text, path: path)])
        } catch {
            throw ConfigErrors([ConfigDiagnostic(.error, at: path, key: "", "cannot parse YAML: \(error)")])
        }
        return root.map { node(from: $0, path: path) }
    }

    private static func node(from node: Node, path: String) -> ConfigNode {
        let origin = origin(of: node.mark, path: path)
        switch node {
        case .scalar(let scalar):
            return .scalar(ConfigScalar(text: scalar.string, isPlain: scalar.style == .plain, origin: origin))
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                let keyText = key.scalar?.string ?? key.summaryForKey
                let keyScalar = ConfigScalar(
                    text: keyText, isPlain: key.scalar?.style == .plain, origin: Self.origin(of: key.mark, path: path))
                return ConfigEntry(key: keyScalar, value: self.node(from: value, path: path))
            }
            return .mapping(entries, origin: origin)
        case .sequence(let sequence):
            return .sequence(sequence.map { self.node(from: $0, path: path) }, origin: origin)
        case .alias(let alias):
            // Yams resolves aliases while composing; should one remain, it is a scalar naming its anchor.
            return .scalar(ConfigScalar(text: "*\(alias.anchor)", isPlain: false, origin: origin))
        }
    }

    private static func origin(of mark: Mark?, path: String) -> ConfigOrigin {
        .file(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    // MARK: - Syntax errors

    static func diagnostic(for error: YamlError, text: String, path: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context, context.mark.line != mark.line {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            if character(in: text, line: mark.line, column: mark.column) == "\t" {
                message += "; YAML indents with spaces, never tabs"
            }
            return ConfigDiagnostic(.error, at: .file(path: path, line: mark.line, column: mark.column), key: "", message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { lineAndColumn(ofByteOffset: $0, in: text) } ?? (1, 1)
            return ConfigDiagnostic(.error, at: .file(path: path, line: line, column: column), key: "", "unreadable text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKey(duplicates.first ?? "?", firstAt: context.mark, text: text, path: path)
        default:
            return ConfigDiagnostic(.error, at: path, key: "", "cannot parse YAML: \(error)")
        }
    }

    /// Yams stops at the first duplicated key and names where it first appeared; the repeat is found in the
    /// text (the next line at the same indentation that starts with the key) and the mapping's key path from the
    /// lines above it, so the message says which mapping and both lines.
    private static func duplicateKey(_ key: String, firstAt mark: Mark, text: String, path: String) -> ConfigDiagnostic {
        let layout = BlockLayout(lines: yamlLines(text))
        let repeatLine = layout.nextKeyLine(key, afterLine: mark.line, column: mark.column)
        let parents = layout.parentKeys(ofLine: mark.line, column: mark.column)
        let place = ConfigOrigin.file(path: path, line: repeatLine ?? mark.line, column: mark.column)
        let dotted = (parents + [key]).joined(separator: ".")
        let first = repeatLine != nil ? "first at line \(mark.line)" : "more than once"
        if parents == ["streams"] {
            return ConfigDiagnostic(.error, at: place, key: dotted, "duplicate stream path '\(key)' (\(first)); each path names one stream")
        }
        return ConfigDiagnostic(.error, at: place, key: dotted, "duplicate key (\(first)); a key may appear once in a mapping")
    }

    private static func character(in text: String, line: Int, column: Int) -> Character? {
        let lines = yamlLines(text)
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        guard column >= 1, column <= scalars.count else { return nil }
        return Character(scalars[column - 1])
    }

    /// libyaml's reader reports a byte offset into the UTF-8 text.
    private static func lineAndColumn(ofByteOffset offset: Int, in text: String) -> (Int, Int) {
        let before = yamlLines(String(decoding: text.utf8.prefix(offset), as: UTF8.self))
        return (before.count, (before.last?.unicodeScalars.count ?? 0) + 1)
    }
}

extension Node {
    /// A non-scalar key (`? [a, b]: 1`), which no key of ours can be, named for the unknown-key message.
    fileprivate var summaryForKey: String {
        switch self {
        case .mapping: "{…}"
        case .sequence: "[…]"
        default: "?"
        }
    }
}
