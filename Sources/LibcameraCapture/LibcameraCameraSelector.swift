/// Which libcamera camera `source:` means: `libcamera` (the first), `libcamera:<index>` or
/// `libcamera:<id>` (an id as `camstream devices` prints it, stable across reboots).
public enum LibcameraCameraSelector: Sendable, Hashable, CustomStringConvertible {
    case first
    case index(Int)
    case id(String)

    public static let prefix = "libcamera"

    /// nil unless `source` starts with `libcamera`; an empty id after the colon is nil too.
    public init?(source: String) {
        guard source.hasPrefix(Self.prefix) else { return nil }
        let rest = source.dropFirst(Self.prefix.count)
        if rest.isEmpty {
            self = .first
            return
        }
        guard rest.first == ":" else { return nil }
        let name = rest.dropFirst()
        guard !name.isEmpty else { return nil }
        if let index = Int(name), index >= 0, index < 64 {
            self = .index(index)
        } else {
            self = .id(String(name))
        }
    }

    public var description: String {
        switch self {
        case .first: Self.prefix
        case .index(let index): "\(Self.prefix):\(index)"
        case .id(let id): "\(Self.prefix):\(id)"
        }
    }
}
