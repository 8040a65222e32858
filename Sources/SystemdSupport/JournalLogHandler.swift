import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Log lines for journald: no timestamp (the journal stamps every entry itself, so a second one is noise),
/// and the syslog priority as a `<N>` prefix, which journald turns into the entry's PRIORITY so that
/// `journalctl -p warning -u camstream` works.
///
/// Specification: sd-daemon(3) `SD_INFO` prefixes; systemd.exec(5) `SyslogLevelPrefix=`
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: where lines go; standard error unless a test captures them.
    public init(label: String, write: @escaping @Sendable (String) -> Void = JournalLogHandler.writeToStandardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        write(Self.format(level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// `<6>info camstream.rtsp: viewer playing rtsp.session=… rtp.transport=…`, every line of a
    /// multi-line message prefixed, since journald reads each line as its own entry.
    public static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let prefix = "<\(priority(level))>"
        let pairs = metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let text = "\(level) \(label): \(message)\(pairs)"
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n") + "\n"
    }

    /// syslog(3) priorities: LOG_DEBUG 7 … LOG_CRIT 2.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// One write(2) per line, so lines of different threads never interleave.
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { systemWrite(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Whether standard error is the journal stream `$JOURNAL_STREAM` names (not merely inherited from a
    /// parent that had one), the test systemd.exec(5) prescribes.
    public static func standardErrorIsJournal(_ environment: SystemdEnvironment) -> Bool {
        guard let stream = environment.journalStream else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == stream.device && UInt64(status.st_ino) == stream.inode
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Musl)
    private let systemWrite = Musl.write
#endif
