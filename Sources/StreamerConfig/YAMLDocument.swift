/// YAML text to a `ConfigNode`, with syntax errors turned into diagnostics that name the place.
enum YAMLDocument {
    /// The document's root, or `nil` when it holds nothing but comments, or an empty document ("all defaults").
    ///
    /// A file holds one document: a second one (after `---`) is an error rather than silently ignored.
    static func parse(_ text: String, path: String) throws(ConfigErrors) -> ConfigNode? {
        let parser = YAMLEventParser(text: text)
        var composer = YAMLComposer(path: path)
        while !composer.isFinished {
            let event: YAMLEvent
            do {
                event = try parser.next()
            } catch {
                throw ConfigErrors(composer.duplicates + [diagnostic(for: error, text: text, path: path)])
            }
            try composer.consume(event)
        }
        return try composer.result()
    }

    // MARK: - Syntax errors

    static func diagnostic(for error: YAMLSyntaxError, text: String, path: String) -> ConfigDiagnostic {
        switch error.kind {
        case .syntax:
            let mark = error.mark
            var message = "invalid YAML: \(error.problem)"
            if let context = error.context, context.mark.line != mark.line {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            if character(in: text, line: mark.line, column: mark.column) == "\t" {
                message += "; YAML indents with spaces, never tabs"
            }
            return ConfigDiagnostic(.error, at: .file(path: path, line: mark.line, column: mark.column), key: "", message)
        case .reader:
            let (line, column) = lineAndColumn(ofByteOffset: error.byteOffset, in: text)
            return ConfigDiagnostic(.error, at: .file(path: path, line: line, column: column), key: "", "unreadable text: \(error.problem)")
        case .memory:
            return ConfigDiagnostic(.error, at: path, key: "", "cannot parse YAML: \(error.problem)")
        }
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
