import Glibc

/// The few environment variables camstream reads: those systemd sets for its services.
enum ProcessEnvironment {
    static func systemdVariables() -> [String: String] {
        var variables: [String: String] = [:]
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"] {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }
}
