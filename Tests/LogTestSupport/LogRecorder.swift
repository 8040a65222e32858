import Foundation
import Logging
import ProcessTestSupport

/// A swift-log handler that keeps every message, so in-process tests wait for what the code says it did
/// ("session timed out") with a deadline, instead of sleeping, and read its level and metadata afterwards.
public final class LogRecorder: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    private let condition = NSCondition()
    private var recorded: [Entry] = []

    /// One message as it was logged, with the handler's metadata and the message's own.
    public struct Entry: Equatable, Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata

        public init(level: Logger.Level, message: String, metadata: Logger.Metadata) {
            (self.level, self.message, self.metadata) = (level, message, metadata)
        }

        /// The message with its metadata, as `all` and the searches read it.
        var line: String { message + (metadata.isEmpty ? "" : " \(metadata)") }
    }

    public init() {}

    public var logger: Logger {
        Logger(label: "camstream.test") { _ in Handler(recorder: self) }
    }

    fileprivate func append(_ entry: Entry) {
        condition.lock()
        recorded.append(entry)
        condition.broadcast()
        condition.unlock()
    }

    /// Every entry so far, in order.
    public var entries: [Entry] {
        condition.lock()
        defer { condition.unlock() }
        return recorded
    }

    /// Everything logged so far, for failure messages.
    public var all: [String] { entries.map(\.line) }

    /// The level of each message containing `text`, in order.
    public func levels(of text: String) -> [Logger.Level] {
        entries.filter { $0.line.contains(text) }.map(\.level)
    }

    public func count(of text: String) -> Int {
        entries.filter { $0.line.contains(text) }.count
    }

    /// Waits until `count` messages contain `text`; false at the deadline.
    public func wait(for text: String, count: Int = 1, timeout: TimeInterval = 10) async -> Bool {
        await OwnThread.run { self.blockingWait(for: text, count: count, timeout: timeout) }
    }

    private func blockingWait(for text: String, count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        func found() -> Int { recorded.filter { $0.line.contains(text) }.count }
        while found() < count {
            if !condition.wait(until: deadline) { return found() >= count }
        }
        return true
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let metadata = self.metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.append(Entry(level: event.level, message: event.message.description, metadata: metadata))
        }
    }
}
