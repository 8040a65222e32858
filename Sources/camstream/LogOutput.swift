import Logging
import SystemdSupport

/// Where log lines go: journald's format when standard error is the journal, plain timestamped lines
/// on a terminal or in a file.
enum LogOutput {
    static func bootstrap(level: Logger.Level, systemd: SystemdEnvironment) {
        let journal = JournalLogHandler.standardErrorIsJournal(systemd)
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
