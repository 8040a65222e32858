import NIOConcurrencyHelpers

/// The bounded queue between a source's thread and the stream's event loop.
///
/// A loop that falls behind (a burst of connections, a stalled machine) must not collect frames in an
/// unbounded task queue: memory would grow and every viewer would be shown an ever older picture. Past `limit`
/// access units waiting, frames are skipped whole until the next one that starts decoding, so viewers jump
/// forward to a clean picture instead of decoding P-frames whose references never arrived.
final class FrameHandOff: Sendable {
    enum Decision: Equatable {
        /// Hand the access unit to the loop, and call `taken()` there when it is delivered.
        case handOff
        /// Skip it. `requestKeyframe` is true when the source must be asked for an IDR to resume from: at the
        /// first skip, and again once there is room if the IDR asked for came while the queue was still full.
        /// Not at every skip: an encoder asked for an IDR per frame while the machine is overloaded would
        /// spend the most expensive frames on pictures nobody sees.
        case skip(requestKeyframe: Bool, skippedSoFar: Int)
        /// Hand it off: it ends a run of `skipped` access units.
        case resume(skipped: Int)
    }

    private struct State {
        var waiting = 0
        var skipped = 0
        /// An access unit that starts decoding was skipped because the queue was full.
        var keyframeSkipped = false
    }

    /// At 30 fps, 4 access units are 133 ms of picture: more than any fan-out takes, less than a viewer notices.
    static let defaultLimit = 4

    let limit: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int = FrameHandOff.defaultLimit) {
        self.limit = limit
    }

    /// Called on the source's thread for each access unit, in order.
    func admit(startsDecoding: Bool) -> Decision {
        state.withLockedValue { state in
            if state.waiting >= limit {
                state.skipped += 1
                if startsDecoding { state.keyframeSkipped = true }
                return .skip(requestKeyframe: state.skipped == 1, skippedSoFar: state.skipped)
            }
            if state.skipped > 0, !startsDecoding {
                state.skipped += 1
                defer { state.keyframeSkipped = false }
                return .skip(requestKeyframe: state.keyframeSkipped, skippedSoFar: state.skipped)
            }
            state.waiting += 1
            guard state.skipped > 0 else { return .handOff }
            defer {
                state.skipped = 0
                state.keyframeSkipped = false
            }
            return .resume(skipped: state.skipped)
        }
    }

    /// Called on the loop once a handed-off access unit has been delivered.
    func taken() {
        state.withLockedValue { $0.waiting -= 1 }
    }
}
