/// Where a configuration value came from, so that every message can point at it.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A place in a config file; line and column count from 1, columns in Unicode scalars (as libyaml does).
    case file(path: String, line: Int, column: Int)
    /// A command-line option that overrides the file, e.g. `--fps`.
    case commandLine(option: String)

    /// `path:line:column`, the form editors and terminals turn into links; `command line --fps` otherwise.
    public var description: String {
        switch self {
        case .file(let path, let line, let column): "\(path):\(line):\(column)"
        case .commandLine(let option): "command line \(option)"
        }
    }

    /// The line, for messages that refer to another place in the same file ("first at line 3").
    var line: Int? {
        if case .file(_, let line, _) = self { line } else { nil }
    }
}
