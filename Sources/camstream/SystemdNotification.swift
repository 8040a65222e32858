import Logging
import NIOCore
import SystemdSupport

enum SystemdNotification {
    /// The notifier service when systemd asked for notifications (`Type=notify`), else `nil`.
    static func service(for systemd: SystemdEnvironment, eventLoop: any EventLoop, logger: Logger) -> SystemdNotifierService? {
        guard let socket = systemd.notifySocket else { return nil }
        do {
            return SystemdNotifierService(
                notifier: try SystemdNotifier(socketPath: socket), watchdogInterval: systemd.watchdogPingInterval,
                eventLoop: eventLoop, logger: logger)
        } catch {
            logger.warning("systemd notifications off: \(error)")
            return nil
        }
    }
}
