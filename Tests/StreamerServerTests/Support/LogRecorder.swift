import Foundation
import Logging
import ProcessTestSupport

/// A swift-log handler that keeps every message, so in-process tests wait for what the server says it did
/// ("session timed out") with a deadline, instead of sleeping.
final class LogRecorder: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    private let condition = NSCondition()
    private var messages: [String] = []
    private var levels: [Logger.Level] = []

    var logger: Logger {
        Logger(label: "camstream.test") { _ in Handler(recorder: self) }
    }

    fileprivate func append(_ message: String, level: Logger.Level) {
        condition.lock()
        messages.append(message)
        levels.append(level)
        condition.broadcast()
        condition.unlock()
    }

    /// Everything logged so far, for failure messages.
    var all: [String] {
        condition.lock()
        defer { condition.unlock() }
        return messages
    }

    /// The level of each message containing `text`, in order.
    func levels(of text: String) -> [Logger.Level] {
        condition.lock()
        defer { condition.unlock() }
        return zip(messages, levels).filter { $0.0.contains(text) }.map(\.1)
    }

    func count(of text: String) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return messages.filter { $0.contains(text) }.count
    }

    /// Waits until `count` messages contain `text`; false at the deadline.
    func wait(for text: String, count: Int = 1, timeout: TimeInterval = 10) async -> Bool {
        await OwnThread.run { self.blockingWait(for: text, count: count, timeout: timeout) }
    }

    private func blockingWait(for text: String, count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while messages.filter({ $0.contains(text) }).count < count {
            if !condition.wait(until: deadline) { return messages.filter { $0.contains(text) }.count >= count }
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
            recorder.append(event.message.description + (metadata.isEmpty ? "" : " \(metadata)"), level: event.level)
        }
    }
}
