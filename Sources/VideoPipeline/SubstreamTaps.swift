import NIOConcurrencyHelpers
import X264Encoder

/// A pipeline whose raw pictures can feed sub-streams: capture once, encode twice.
public protocol SubstreamFeeding: AnyObject, Sendable {
    /// Adds a sub-stream fed from this pipeline's capture thread; call before the pipeline starts.
    func feed(_ substream: SubstreamEncoder)
}

/// The sub-streams one pipeline feeds, offered each raw picture on its capture thread.
final class SubstreamTaps: Sendable {
    private let substreams = NIOLockedValueBox<[SubstreamEncoder]>([])

    func add(_ substream: SubstreamEncoder) {
        substreams.withLockedValue { $0.append(substream) }
    }

    /// Read once when the capture thread starts: sub-streams are added before that.
    var current: [SubstreamEncoder] { substreams.withLockedValue { $0 } }

    /// The parent ended for good: its sub-streams end with it.
    func parentEnded(reason: String) {
        for substream in current { substream.parentEnded(reason: reason) }
    }
}

extension [SubstreamEncoder] {
    /// Offers the picture to each sub-stream; each takes it or skips it at once.
    func offer(_ picture: RawPicture, width: Int, height: Int, captureTime: UInt64) {
        for substream in self { substream.offer(picture, width: width, height: height, captureTime: captureTime) }
    }
}
