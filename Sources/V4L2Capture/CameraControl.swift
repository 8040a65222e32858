/// One control of a device (brightness, exposure, the H.264 encoder's key-frame button), as
/// VIDIOC_QUERY_EXT_CTRL and VIDIOC_QUERYMENU describe it.
public struct CameraControl: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case integer, boolean, menu, integerMenu = "intmenu", button, integer64 = "int64", string, bitmask, compound
    }

    public struct MenuItem: Hashable, Sendable {
        public var index: Int64
        /// The item's text, or for integer menus its value as text.
        public var name: String

        public init(index: Int64, name: String) {
            self.index = index
            self.name = name
        }
    }

    public var id: UInt32
    /// The driver's name, e.g. "Auto Exposure".
    public var name: String
    public var kind: Kind
    public var minimum: Int64
    public var maximum: Int64
    public var step: Int64
    public var defaultValue: Int64
    public var flags: UInt32
    public var menu: [MenuItem]
    /// The value now, for controls that have one to read.
    public var current: Int64?

    public init(
        id: UInt32, name: String, kind: Kind, minimum: Int64, maximum: Int64, step: Int64, defaultValue: Int64, flags: UInt32,
        menu: [MenuItem], current: Int64?
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.defaultValue = defaultValue
        self.flags = flags
        self.menu = menu
        self.current = current
    }

    /// The name as v4l2-ctl spells it and configs use it: lower case, words joined by `_`
    /// ("Auto Exposure" → `auto_exposure`, "Exposure, Auto" → `exposure_auto`).
    public var key: String { Self.key(for: name) }

    public static func key(for name: String) -> String {
        var key = ""
        var pendingUnderscore = false
        for character in name.unicodeScalars {
            if character.properties.isAlphabetic || ("0"..."9").contains(character) {
                if pendingUnderscore { key.append("_") }
                pendingUnderscore = false
                key.unicodeScalars.append(contentsOf: String(character).lowercased().unicodeScalars)
            } else if !key.isEmpty {
                pendingUnderscore = true
            }
        }
        return key
    }

    public var isReadOnly: Bool { flags & ControlFlags.readOnly != 0 }
    public var isInactive: Bool { flags & ControlFlags.inactive != 0 }

    /// Turns a configured value into the number VIDIOC_S_CTRL takes, or says why it cannot.
    /// Menus take an item's name (`manual`, a unique prefix of `manual_mode`) or its index;
    /// booleans take true/false, on/off, yes/no, 1/0; buttons take anything and are pressed.
    public func value(parsing text: String) -> Result<Int64, ValueProblem> {
        let trimmed = text.trimmingSpaces
        switch kind {
        case .boolean:
            switch trimmed.lowercased() {
            case "1", "true", "on", "yes": return .success(1)
            case "0", "false", "off", "no": return .success(0)
            default: return .failure(ValueProblem("must be true or false (also on/off, yes/no, 1/0)"))
            }
        case .button:
            return .success(1)
        case .menu, .integerMenu:
            let wanted = Self.key(for: trimmed)
            if let item = menu.first(where: { Self.key(for: $0.name) == wanted }) { return .success(item.index) }
            let prefixed = menu.filter { Self.key(for: $0.name).hasPrefix(wanted + "_") }
            if prefixed.count == 1, !wanted.isEmpty { return .success(prefixed[0].index) }
            if kind == .menu, let index = Int64(trimmed), menu.contains(where: { $0.index == index }) { return .success(index) }
            let choices = menu.map { "\(Self.key(for: $0.name)) (\($0.index))" }.joined(separator: ", ")
            return .failure(ValueProblem("must be one of: \(choices)"))
        case .integer, .integer64, .bitmask:
            guard let number = Int64(trimmed) else {
                return .failure(ValueProblem("must be an integer from \(minimum) to \(maximum)"))
            }
            guard minimum <= number, number <= maximum else {
                return .failure(ValueProblem("\(number) is outside \(minimum)...\(maximum)"))
            }
            if kind == .integer, step > 1, (number - minimum) % step != 0 {
                return .failure(ValueProblem("must be \(minimum) plus a multiple of \(step)"))
            }
            return .success(number)
        case .string, .compound:
            return .failure(ValueProblem("\(kind.rawValue) controls cannot be set by camstream"))
        }
    }

    /// Why a value does not fit a control.
    public struct ValueProblem: Error, Hashable, Sendable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// `brightness  integer  0..255 step 1  default 128  now 60`, as `camstream controls` prints it.
    public var summary: String {
        var parts = [key, kind.rawValue]
        switch kind {
        case .integer, .integer64, .bitmask:
            parts.append("\(minimum)..\(maximum)" + (step > 1 ? " step \(step)" : ""))
        case .menu, .integerMenu:
            parts.append(menu.map { "\($0.index)=\(Self.key(for: $0.name))" }.joined(separator: " "))
        case .boolean, .button, .string, .compound:
            break
        }
        if kind != .button, kind != .string, kind != .compound { parts.append("default \(describe(defaultValue))") }
        if let current { parts.append("now \(describe(current))") }
        var notes: [String] = []
        if isReadOnly { notes.append("read-only") }
        if isInactive { notes.append("inactive") }
        if !notes.isEmpty { parts.append("(\(notes.joined(separator: ", ")))") }
        return parts.joined(separator: "  ")
    }

    /// A value in the control's own terms: a menu item's name, true/false.
    public func describe(_ value: Int64) -> String {
        switch kind {
        case .boolean: return value != 0 ? "true" : "false"
        case .menu: return menu.first { $0.index == value }.map { Self.key(for: $0.name) } ?? "\(value)"
        case .integerMenu: return menu.first { $0.index == value }.map(\.name) ?? "\(value)"
        default: return "\(value)"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
