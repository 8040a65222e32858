/// One finding about a configuration: where it is, which key, and what was expected.
///
/// Rendered like a compiler message, `camstream.yml:7:14: error: server.rtsp_port: expected ...`, so that an
/// editor can jump to it, and so that a person reading a journal line knows what to change without the manual.
public struct ConfigDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The configuration cannot be used; camstream does not start.
        case error
        /// The configuration is used, but something in it does not do what its author may think.
        case warning
    }

    public var severity: Severity
    /// Where the offending value is; a file path alone when the file as a whole is the problem.
    public var location: String
    /// The dotted key, e.g. `streams.cam.fps`; empty when the message is about the whole file.
    public var key: String
    public var message: String
    /// The line and column in the file, when the finding has one (for sorting into file order).
    public var line: Int?
    public var column: Int?

    public init(_ severity: Severity, at location: String, key: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.key = key
        self.message = message
    }

    init(_ severity: Severity, at origin: ConfigOrigin, key: String, _ message: String) {
        self.init(severity, at: origin.description, key: key, message)
        if case .file(_, let line, let column) = origin {
            self.line = line
            self.column = column
        }
    }

    public var description: String {
        key.isEmpty ? "\(location): \(severity.rawValue): \(message)" : "\(location): \(severity.rawValue): \(key): \(message)"
    }
}

/// Thrown when a configuration has errors: all of them, in file order, so one run shows everything to fix.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    /// Sorted into the order a person fixes them in: command-line options first, then the file top to bottom.
    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics.enumerated().sorted { a, b in
            let left = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let right = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
