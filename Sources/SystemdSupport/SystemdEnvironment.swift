/// What systemd tells a service through its environment, read once at start.
///
/// The executable passes the variables in (the library reads no environment itself), so tests can
/// describe any situation: under systemd with a watchdog, in a terminal, in a container.
///
/// Specification: sd_notify(3), sd_watchdog_enabled(3), systemd.exec(5) `$JOURNAL_STREAM`
public struct SystemdEnvironment: Sendable, Hashable {
    /// `$NOTIFY_SOCKET`: where `READY=1` and the rest go; `nil` when not started by systemd with `Type=notify`.
    public var notifySocket: String?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3) advises, so one
    /// late ping is not yet a missed one. `nil` when there is no watchdog, or it is meant for another process
    /// (`$WATCHDOG_PID` names a different one).
    public var watchdogPingInterval: Duration?
    /// `$JOURNAL_STREAM`: the device and inode of the journal stream standard error was connected to.
    public var journalStream: (device: UInt64, inode: UInt64)?

    public init(variables: [String: String], processID: Int32) {
        notifySocket = variables["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = variables["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0,
            variables["WATCHDOG_PID"].map({ Int32($0) == processID }) ?? true
        {
            watchdogPingInterval = .microseconds(microseconds / 2)
        }
        if let text = variables["JOURNAL_STREAM"] {
            let parts = text.split(separator: ":")
            if parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) {
                journalStream = (device, inode)
            }
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.notifySocket == rhs.notifySocket && lhs.watchdogPingInterval == rhs.watchdogPingInterval
            && lhs.journalStream?.device == rhs.journalStream?.device && lhs.journalStream?.inode == rhs.journalStream?.inode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(notifySocket)
        hasher.combine(watchdogPingInterval)
        hasher.combine(journalStream?.device)
        hasher.combine(journalStream?.inode)
    }
}
