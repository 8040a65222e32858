#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a config file and command-line overrides into a `CamstreamConfig`, or into every error there is.
///
/// The rules of `--config`: without it camstream reads `/etc/camstream/camstream.yml`, and when that file
/// does not exist runs on built-in defaults (a board just installed, or a quick try). A file named with
/// `--config` must exist: a typo in a path should not silently mean "defaults".
public enum ConfigLoader {
    /// A configuration ready to run, where it came from, and what is worth a warning.
    public struct Loaded: Sendable {
        public var config: CamstreamConfig
        /// The file read, or `nil` when there was none and the defaults apply.
        public var file: String?
        public var warnings: [ConfigDiagnostic]
    }

    /// Reads `path` (or the default path when `nil`), applies `overrides`, and validates the result.
    public static func load(path: String?, overrides: [ConfigOverride] = []) throws(ConfigErrors) -> Loaded {
        try load(path: path, defaultPath: CamstreamConfig.defaultPath, overrides: overrides)
    }

    static func load(path: String?, defaultPath: String, overrides: [ConfigOverride]) throws(ConfigErrors) -> Loaded {
        let filePath = path ?? defaultPath
        let file: ConfigFile
        do {
            file = try ConfigFile.load(filePath)
        } catch {
            switch error {
            case .missing:
                guard path == nil else {
                    throw ConfigErrors([ConfigDiagnostic(.error, at: filePath, key: "", "no such file (named with --config)")])
                }
                var loaded = try decode(root: nil, path: filePath, overrides: overrides)
                loaded.file = nil
                return loaded
            case .unreadable(let reason):
                throw ConfigErrors([ConfigDiagnostic(.error, at: filePath, key: "", "cannot read: \(reason)")])
            }
        }
        var loaded = try decode(text: file.text, path: filePath, overrides: overrides)
        loaded.warnings += unreadablePasswordFiles(loaded.config, path: filePath)
        if !loaded.config.users.isEmpty, file.mode & 0o004 != 0 {
            let mode = String(file.mode, radix: 8)
            loaded.warnings.append(
                ConfigDiagnostic(
                    .warning, at: filePath, key: "users",
                    "every user of this machine can read these passwords (mode \(mode)); chmod 640 the file and give it group camstream"))
        }
        return loaded
    }

    /// A push target's password file that this user cannot read: a warning, not an error, since check-config
    /// may run as someone other than the service (which reads it at start and refuses to run without it).
    static func unreadablePasswordFiles(_ config: CamstreamConfig, path: String) -> [ConfigDiagnostic] {
        config.streams.flatMap { stream in
            stream.push.compactMap { target -> ConfigDiagnostic? in
                guard case .file(let file) = target.password, access(file, R_OK) != 0 else { return nil }
                let reason = String(cString: strerror(errno))
                return ConfigDiagnostic(
                    .warning, at: path, key: "streams.\(stream.path).push",
                    "password_file \(file) cannot be read (\(reason)); camstream reads it when it starts")
            }
        }
    }

    /// Parses and validates config text; `path` is only for messages.
    public static func decode(text: String, path: String, overrides: [ConfigOverride] = []) throws(ConfigErrors) -> Loaded {
        try decode(root: try YAMLDocument.parse(text, path: path), path: path, overrides: overrides)
    }

    private static func decode(root: ConfigNode?, path: String, overrides: [ConfigOverride]) throws(ConfigErrors) -> Loaded {
        var decoder = ConfigDecoder()
        let document = ConfigNode.applying(overrides, to: root, decoder: &decoder)
        let config = decoder.decodeDocument(document)
        if decoder.hasErrors {
            throw ConfigErrors(decoder.diagnostics.filter { $0.severity == .error })
        }
        return Loaded(config: config, file: path, warnings: decoder.diagnostics)
    }
}
