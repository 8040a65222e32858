import NIOConcurrencyHelpers

/// Items that arrive on an event loop, taken one at a time by an async test with a deadline: the deadline
/// bounds a wait for something that never comes, it never paces the test.
final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var waiter: (id: Int, continuation: CheckedContinuation<Item?, Never>)?
        var nextID = 0
    }

    private let state = NIOLockedValueBox(State())

    func post(_ item: Item) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Item?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.items.append(item)
            return nil
        }
        waiter?.resume(returning: item)
    }

    /// The next item, or nil when none arrives within `timeout`.
    func next(timeout: Duration = .seconds(5)) async -> Item? {
        await withCheckedContinuation { continuation in
            let id = state.withLockedValue { state -> Int? in
                if !state.items.isEmpty {
                    continuation.resume(returning: state.items.removeFirst())
                    return nil
                }
                state.nextID += 1
                state.waiter = (state.nextID, continuation)
                return state.nextID
            }
            guard let id else { return }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = state.withLockedValue { state -> CheckedContinuation<Item?, Never>? in
                    guard let waiter = state.waiter, waiter.id == id else { return nil }
                    state.waiter = nil
                    return waiter.continuation
                }
                expired?.resume(returning: nil)
            }
        }
    }
}
