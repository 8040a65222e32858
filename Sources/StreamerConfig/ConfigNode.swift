/// A configuration document before it is typed: YAML scalars, mappings and sequences, each with its origin.
///
/// Command-line overrides are written into the same tree (with a command-line origin) before decoding, so
/// one set of rules checks the file and the options, and one message format reports both.
indirect enum ConfigNode: Sendable {
    case scalar(ConfigScalar)
    case mapping([ConfigEntry], origin: ConfigOrigin)
    case sequence([ConfigNode], origin: ConfigOrigin)

    var origin: ConfigOrigin {
        switch self {
        case .scalar(let scalar): scalar.origin
        case .mapping(_, let origin), .sequence(_, let origin): origin
        }
    }

    /// `~`, `null` or nothing at all after the colon: YAML 1.2's null, which means "not set" here.
    var isNull: Bool {
        if case .scalar(let scalar) = self { scalar.isNull } else { false }
    }

    /// How a value is named in "expected X, got Y".
    var summary: String {
        switch self {
        case .scalar(let scalar): scalar.summary
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// A key and its value in a mapping.
struct ConfigEntry: Sendable {
    var key: ConfigScalar
    var value: ConfigNode

    /// YAML's merge key, `<<`, written plain: the composer replaces it by the entries it names.
    var isMerge: Bool {
        key.isPlain && key.text == "<<"
    }
}

/// A scalar as written, and whether it was written plain: a quoted `"8554"` is text, a plain `8554` a number.
struct ConfigScalar: Sendable {
    var text: String
    var isPlain: Bool
    var origin: ConfigOrigin

    var isNull: Bool {
        isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    var summary: String {
        if isNull { return "nothing" }
        return isPlain ? "'\(text)'" : "the quoted text \"\(text)\""
    }
}

extension ConfigNode {
    /// Sets the value at `path`, creating mappings on the way; used for command-line overrides.
    mutating func set(_ path: [String], to value: ConfigNode) {
        guard let first = path.first else {
            self = value
            return
        }
        var entries: [ConfigEntry]
        let origin: ConfigOrigin
        switch self {
        case .mapping(let existing, let mappingOrigin):
            entries = existing
            origin = mappingOrigin
        default:
            // Anything but a mapping here is replaced; a wrong type in the file is overridden, not reported.
            entries = []
            origin = value.origin
        }
        if let index = entries.firstIndex(where: { $0.key.text == first }) {
            entries[index].value.set(Array(path.dropFirst()), to: value)
        } else {
            var child = ConfigNode.mapping([], origin: value.origin)
            child.set(Array(path.dropFirst()), to: value)
            let key = ConfigScalar(text: first, isPlain: true, origin: value.origin)
            entries.append(ConfigEntry(key: key, value: path.count == 1 ? value : child))
        }
        self = .mapping(entries, origin: origin)
    }

    /// The entries of a mapping, or `nil` for anything else.
    var entries: [ConfigEntry]? {
        if case .mapping(let entries, _) = self { entries } else { nil }
    }
}
