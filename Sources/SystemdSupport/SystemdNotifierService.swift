import Logging
import NIOConcurrencyHelpers
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
    /// Set by `failing(status:)`; a ping is sent only under this lock, so none can follow the failure.
    private let hasFailed = NIOLockedValueBox(false)

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

    /// Call when the process has decided to fail: the watchdog pings stop for good, before the shutdown that
    /// follows, and `systemctl status` shows why. A process that has given up must not be vouched for.
    public func failing(status: String) {
        hasFailed.withLockedValue { failed in
            failed = true
            notifier.notify("STATUS=\(status)")
        }
        logger.debug("told systemd: failing")
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await serve()
        }
        // `serve` returns early without a watchdog, or once the process is failing: STOPPING=1 still waits for the
        // shutdown itself (or the group's cancellation), so systemd never hears of a stop that has not begun.
        try? await gracefulShutdown()
        readinessContinuation.finish()
        // After a failure `STATUS=` keeps saying why.
        let failed = hasFailed.withLockedValue { $0 }
        notifier.notify(failed ? "STOPPING=1" : "STOPPING=1\nSTATUS=Stopping: saying goodbye to viewers")
        logger.debug("told systemd: stopping")
    }

    private func serve() async {
        var iterator = readiness.makeAsyncIterator()
        guard let status = await iterator.next() else { return }
        // Never READY=1 after the failure: the status would claim a serving process.
        let told = hasFailed.withLockedValue { failed in failed ? nil : notifier.notify("READY=1\nSTATUS=\(status)") }
        guard let told else { return }
        if !told {
            logger.warning("could not tell systemd that camstream is ready")
        }
        guard let interval = watchdogInterval else { return }
        logger.debug("watchdog armed", metadata: ["systemd.watchdog_ping": "\(interval)"])
        while !Task.isCancelled {
            // Proves the serving loop runs tasks, not just that this task does.
            guard (try? await eventLoop.submit({}).get()) != nil else { return }
            let pinged = hasFailed.withLockedValue { failed in
                if !failed { notifier.notify("WATCHDOG=1") }
                return !failed
            }
            guard pinged else {
                logger.debug("watchdog stopped: the process is failing")
                return
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
