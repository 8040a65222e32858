/// Walks a `ConfigNode` tree into a `CamstreamConfig`, collecting every problem instead of stopping at the
/// first: each unknown key (with the nearest valid one), wrong type, value out of range, duplicate and
/// inconsistency gets one diagnostic with its place, its key and what was expected.
///
/// Values in error are left at their defaults so that checks further on still run and report their own
/// problems; the result is used only when no error was found.
struct ConfigDecoder {
    private(set) var diagnostics: [ConfigDiagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(_ origin: ConfigOrigin, _ key: String, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.error, at: origin, key: key, message))
    }

    mutating func warning(_ origin: ConfigOrigin, _ key: String, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.warning, at: origin, key: key, message))
    }

    // MARK: - Mappings

    /// A mapping's known entries by key; unknown keys are reported with a suggestion. `nil` when the node is
    /// not a mapping (reported as `expected`) or is null (the section is empty: all defaults, not an error).
    mutating func fields(of node: ConfigNode, key: String, allowed: [String], expected: String) -> Fields? {
        if node.isNull { return nil }
        guard let entries = node.entries else {
            error(node.origin, key, "expected \(expected), got \(node.summary)")
            return nil
        }
        var known: [String: ConfigEntry] = [:]
        for entry in entries {
            let name = entry.key.text
            if allowed.contains(name) {
                known[name] = entry
            } else {
                error(entry.key.origin, Self.join(key, name), Self.unknownKeyMessage(name, allowed: allowed))
            }
        }
        return Fields(prefix: key, origin: node.origin, entries: known)
    }

    static func unknownKeyMessage(_ name: String, allowed: [String]) -> String {
        if let suggestion = NearestName.suggestion(for: name, among: allowed) {
            return "unknown key; did you mean '\(suggestion)'?"
        }
        return "unknown key; expected one of \(allowed.joined(separator: ", "))"
    }

    static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    // MARK: - Scalars

    /// An integer written plain (`8554`, not `"8554"`), within `range`.
    mutating func integer(_ node: ConfigNode, key: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            error(node.origin, key, "expected \(expected), got \(node.summary)")
            return nil
        }
        guard let value = Int(scalar.text) else {
            error(scalar.origin, key, "expected \(expected), got \(scalar.summary)")
            return nil
        }
        guard scalar.isPlain else {
            error(scalar.origin, key, "expected \(expected), got \(scalar.summary); write numbers without quotes")
            return nil
        }
        guard range.contains(value) else {
            error(scalar.origin, key, "expected \(expected), got \(value)")
            return nil
        }
        return value
    }

    /// Text, quoted or not; numbers written plain are taken as their text (`password: 1234`).
    mutating func text(_ node: ConfigNode, key: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            error(node.origin, key, "expected \(expected), got \(node.summary)")
            return nil
        }
        return scalar.text
    }

    /// One of a fixed set of words, with a suggestion when it is close to one.
    mutating func choice(_ node: ConfigNode, key: String, among choices: [String], expected: String) -> String? {
        guard let value = text(node, key: key, expected: expected) else { return nil }
        guard choices.contains(value) else {
            let hint = NearestName.suggestion(for: value, among: choices).map { "; did you mean '\($0)'?" } ?? ""
            error(node.origin, key, "expected \(expected), got '\(value)'\(hint)")
            return nil
        }
        return value
    }
}

/// The recognised entries of one mapping, with the mapping's own key path and origin.
struct Fields {
    var prefix: String
    var origin: ConfigOrigin
    var entries: [String: ConfigEntry]

    subscript(name: String) -> ConfigNode? {
        entries[name]?.value
    }

    func key(_ name: String) -> String {
        ConfigDecoder.join(prefix, name)
    }

    /// Where a key was set, or the mapping's place when it was not.
    func origin(of name: String) -> ConfigOrigin {
        entries[name]?.key.origin ?? origin
    }
}
