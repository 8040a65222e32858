import Foundation
import Glibc
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import ServiceLifecycleTestKit
import SystemdTestSupport
import Testing

@testable import SystemdSupport

@Suite struct SystemdEnvironmentTests {
    @Test func watchdogPingsAtHalfTheTimeout() {
        let environment = SystemdEnvironment(
            variables: ["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "42"], processID: 42)
        #expect(environment.notifySocket == "/run/systemd/notify")
        #expect(environment.watchdogPingInterval == .seconds(5))
    }

    @Test func aWatchdogForAnotherProcessIsNotOurs() {
        let environment = SystemdEnvironment(variables: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "41"], processID: 42)
        #expect(environment.watchdogPingInterval == nil)
    }

    @Test func outsideSystemdThereIsNothing() {
        let environment = SystemdEnvironment(variables: ["NOTIFY_SOCKET": "", "JOURNAL_STREAM": "garbage"], processID: 1)
        #expect(environment.notifySocket == nil)
        #expect(environment.watchdogPingInterval == nil)
        #expect(environment.journalStream == nil)
        #expect(!JournalLogHandler.standardErrorIsJournal(environment))
    }

    @Test func aJournalStreamThatIsNotStandardErrorIsNotUsed() {
        // A parent's $JOURNAL_STREAM inherited by a process whose stderr goes elsewhere.
        let environment = SystemdEnvironment(variables: ["JOURNAL_STREAM": "8:12345"], processID: 1)
        #expect(environment.journalStream?.device == 8 && environment.journalStream?.inode == 12345)
        #expect(!JournalLogHandler.standardErrorIsJournal(environment))
    }
}

@Suite struct SystemdNotifierTests {
    @Test(arguments: [false, true])
    func messagesArriveAsOneDatagramEach(abstract: Bool) throws {
        let socket = try NotifySocket(name: "camstream-notify-\(getpid())-\(abstract)", abstract: abstract)
        let notifier = try SystemdNotifier(socketPath: socket.path)
        #expect(notifier.notify("READY=1\nSTATUS=Serving"))
        #expect(notifier.notify("WATCHDOG=1"))
        #expect(socket.receive() == "READY=1\nSTATUS=Serving")
        #expect(socket.receive() == "WATCHDOG=1")
    }

    @Test func aRelativePathIsRefused() {
        #expect(throws: SystemdNotifierError.invalidSocketPath("run/notify")) { try SystemdNotifier(socketPath: "run/notify") }
    }

    @Test func nobodyListeningIsReportedNotThrown() throws {
        let notifier = try SystemdNotifier(socketPath: "/tmp/camstream-nobody-\(getpid()).sock")
        #expect(!notifier.notify("READY=1"))
    }

    /// READY once the server says so, WATCHDOG while its event loop answers, STOPPING at graceful shutdown.
    @Test(.timeLimit(.minutes(1)))
    func theServiceTellsSystemdTheLifecycle() async throws {
        let socket = try NotifySocket(name: "camstream-service-\(getpid())")
        let service = SystemdNotifierService(
            notifier: try SystemdNotifier(socketPath: socket.path), watchdogInterval: .milliseconds(20),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: Logger(label: "test"))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                service.ready(status: "Serving rtsp://127.0.0.1:8554/cam")
                let untilWatchdog = await onOwnThread { socket.receive(containing: "WATCHDOG=1") }
                #expect(untilWatchdog?.first == "READY=1\nSTATUS=Serving rtsp://127.0.0.1:8554/cam")
                trigger.triggerGracefulShutdown()
                let untilStopping = await onOwnThread { socket.receive(containing: "STOPPING=1") }
                #expect(untilStopping?.last == "STOPPING=1\nSTATUS=Stopping: saying goodbye to viewers")
                try await group.waitForAll()
            }
        }
    }
}

@Suite struct SystemdNotifierFailureTests {
    /// Once the process has decided to fail, nothing vouches for it: the pings stop at once, though its shutdown
    /// (BYE to every viewer, sources stopped) is still to come, and STOPPING=1 leaves the failure as the status.
    @Test(.timeLimit(.minutes(1)))
    func failingStopsTheWatchdogBeforeTheShutdown() async throws {
        let socket = try NotifySocket(name: "camstream-failing-\(getpid())")
        let (lines, linesContinuation) = AsyncStream<String>.makeStream()
        var logger = Logger(label: "camstream.systemd") { label in
            JournalLogHandler(label: label, write: { linesContinuation.yield($0) })
        }
        logger.logLevel = .debug
        let service = SystemdNotifierService(
            notifier: try SystemdNotifier(socketPath: socket.path), watchdogInterval: .milliseconds(20),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: logger)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                service.ready(status: "Serving rtsp://127.0.0.1:8554/cam")
                #expect(await onOwnThread { socket.receive(containing: "WATCHDOG=1") } != nil)
                service.failing(status: "Failed: every stream has ended (stream 'cam': encoder failed)")
                // The ping loop has seen the failure and ended; only then does the shutdown begin.
                for await line in lines where line.contains("watchdog stopped: the process is failing") { break }
                trigger.triggerGracefulShutdown()
                let untilStopping = await onOwnThread { socket.receive(containing: "STOPPING=1") } ?? []
                let failure = try #require(untilStopping.firstIndex { $0.hasPrefix("STATUS=Failed") }, "\(untilStopping)")
                #expect(untilStopping[failure] == "STATUS=Failed: every stream has ended (stream 'cam': encoder failed)")
                #expect(Array(untilStopping[(failure + 1)...]) == ["STOPPING=1"], "\(untilStopping)")
                try await group.waitForAll()
            }
        }
    }
}

@Suite struct JournalLogHandlerTests {
    @Test func linesCarryThePriorityAndNoTimestamp() {
        let line = JournalLogHandler.format(
            level: .warning, label: "camstream.rtsp", message: "request refused", metadata: ["rtsp.status": "404", "rtsp.method": "SETUP"])
        #expect(line == "<4>warning camstream.rtsp: request refused rtsp.method=SETUP rtsp.status=404\n")
    }

    @Test func everyLineOfAMessageIsPrefixed() {
        #expect(
            JournalLogHandler.format(level: .info, label: "camstream", message: "one\ntwo", metadata: [:])
                == "<6>info camstream: one\n<6>two\n")
    }

    @Test func theHandlerWritesThroughTheLogger() {
        let lines = LockedLines()
        var logger = Logger(label: "camstream.test") { label in JournalLogHandler(label: label, write: lines.append) }
        logger.logLevel = .debug
        logger[metadataKey: "stream.path"] = "cam"
        logger.debug("hello", metadata: ["rtp.ssrc": "1"])
        #expect(lines.all == ["<7>debug camstream.test: hello rtp.ssrc=1 stream.path=cam\n"])
    }
}

final class LockedLines: Sendable {
    private let storage = NIOLockedValueBox<[String]>([])
    var all: [String] { storage.withLockedValue { $0 } }
    func append(_ line: String) { storage.withLockedValue { $0.append(line) } }
}

@Suite struct SystemdNotifierBackpressureTests {
    /// A supervisor that stops reading fills its queue; the next send fails at once instead of blocking
    /// the service (which would hang its shutdown).
    @Test(.timeLimit(.minutes(1)))
    func aFullQueueFailsTheSendInsteadOfBlocking() throws {
        let socket = try NotifySocket(name: "camstream-full-\(getpid())")
        let notifier = try SystemdNotifier(socketPath: socket.path)
        var sent = 0
        while notifier.notify("WATCHDOG=1"), sent < 100_000 { sent += 1 }
        #expect(sent < 100_000, "the queue never filled")
        #expect(socket.receive() == "WATCHDOG=1", "what was queued is still delivered")
    }
}

/// A blocking receive on a thread of its own: inside a task it would hold one of the cooperative pool's two
/// threads, and the service under test (and every test running beside it) would wait for it. Seen under
/// ThreadSanitizer, where the receive timed out with the notifications never sent.
func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
