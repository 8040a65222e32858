import H264
import NIOConcurrencyHelpers
import Synchronization
import X264Encoder

/// Snapshot requests waiting for the next captured frame. The capture thread looks once per frame (one atomic
/// load when nobody asks), compresses that frame once per requested width, and answers every waiter with it,
/// so a hundred clients cost one compression per frame, and nobody asking costs nothing. An MJPEG camera's own JPEG
/// answers a request at full size as the camera sent it: no compression at all.
final class SnapshotRequests: Sendable {
    typealias Completion = @Sendable (Result<[UInt8], SnapshotUnavailable>) -> Void

    /// Waiters beyond this are answered at once with a refusal rather than queued.
    static let limit = 256

    private let waiting = NIOLockedValueBox<[(width: Int?, completion: Completion)]>([])
    private let count = Atomic<Int>(0)

    func add(width: Int?, _ completion: @escaping Completion) {
        let admitted = waiting.withLockedValue { waiting in
            guard waiting.count < Self.limit else { return false }
            waiting.append((width, completion))
            count.store(waiting.count, ordering: .relaxed)
            return true
        }
        if !admitted { completion(.failure(SnapshotUnavailable("more than \(Self.limit) snapshots are waiting"))) }
    }

    /// On the capture thread, with the picture about to be encoded and, from an MJPEG camera, the frame's own JPEG.
    func serve(_ picture: RawPicture, width: Int, height: Int, cameraJPEG: UnsafeRawBufferPointer? = nil, compressor: JPEGCompressor) {
        guard count.load(ordering: .relaxed) > 0 else { return }
        let taken = waiting.withLockedValue { waiting in
            defer { waiting.removeAll(); count.store(0, ordering: .relaxed) }
            return waiting
        }
        var made: [Int?: Result<[UInt8], SnapshotUnavailable>] = [:]
        for request in taken {
            // A width at or above the picture's is answered at full size, as the compressor does too.
            let fullSize = (request.width ?? width) >= width
            let result =
                made[request.width]
                ?? (fullSize ? cameraJPEG.map { .success(Array($0)) } : nil)
                ?? compressor.compress(picture, width: width, height: height, outputWidth: request.width)
            made[request.width] = result
            request.completion(result)
        }
    }

    /// Answers everyone waiting with `reason` (a camera that sends H.264 only).
    func refuseAll(_ reason: String) {
        let taken = waiting.withLockedValue { waiting in
            defer { waiting.removeAll(); count.store(0, ordering: .relaxed) }
            return waiting
        }
        for request in taken { request.completion(.failure(SnapshotUnavailable(reason))) }
    }
}
