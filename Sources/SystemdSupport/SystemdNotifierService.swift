import Logging
import NIOCore
import ServiceLifecycle

/// Keeps systemd informed for `Type=notify`: `READY=1` and a `STATUS=` line once the streams serve,
/// `WATCHDOG=1` for as long as the server's event loop answers, `STOPPING=1` when shutdown begins.
///
/// Put it after the server in the `ServiceGroup`: graceful shutdown runs in reverse order, so systemd
/// hears `STOPPING=1` first, while the server is still saying BYE to its viewers.
public final class SystemdNotifierService: Service, Sendable {
    private let notifier: SystemdNotifier
    private let watchdogInterval: Duration?
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let readiness: AsyncStream<String>
    private let readinessContinuation: AsyncStream<String>.Continuation

    /// - Parameters:
    ///   - watchdogInterval: how often to ping; `SystemdEnvironment.watchdogPingInterval`.
    ///   - eventLoop: the loop that serves viewers. A ping is sent only after a task ran on it, so a server
    ///     wedged there stops the pings and systemd restarts it (`WatchdogSec=`).
    public init(notifier: SystemdNotifier, watchdogInterval: Duration?, eventLoop: any EventLoop, logger: Logger) {
        self.notifier = notifier
        self.watchdogInterval = watchdogInterval
        self.eventLoop = eventLoop
        self.logger = logger
        (readiness, readinessContinuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Call once the streams serve; `status` is the one-line summary `systemctl status` shows.
    public func ready(status: String) {
        readinessContinuation.yield(status)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await serve()
        }
        readinessContinuation.finish()
        notifier.notify("STOPPING=1\nSTATUS=Stopping: saying goodbye to viewers")
        logger.debug("told systemd: stopping")
    }

    private func serve() async {
        var iterator = readiness.makeAsyncIterator()
        guard let status = await iterator.next() else { return }
        if !notifier.notify("READY=1\nSTATUS=\(status)") {
            logger.warning("could not tell systemd that camstream is ready")
        }
        guard let interval = watchdogInterval else { return }
        logger.debug("watchdog armed", metadata: ["systemd.watchdog_ping": "\(interval)"])
        while !Task.isCancelled {
            // Proves the serving loop runs tasks, not just that this task does.
            guard (try? await eventLoop.submit({}).get()) != nil else { return }
            notifier.notify("WATCHDOG=1")
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
