import H264
import NIOConcurrencyHelpers
import Synchronization
import TestPattern
import X264Encoder

/// A real x264-encoded test pattern whose frames the test makes one call at a time, so what the server
/// sends in response (RTP-Info, the IDR a joiner gets, RTCP counts) can be checked exactly. Keyframe requests
/// are honoured as the live pipeline honours them: the next frame made is an IDR.
final class SteppedEncoderSource: AccessUnitSource, @unchecked Sendable {
    // @unchecked: the encoder and renderer are used only by the test's thread; flags are atomic.
    let parameterSets: ParameterSets
    let description: String
    private let encoder: X264Encoder
    private let renderer: TestPatternRenderer
    private let deliver = NIOLockedValueBox<(@Sendable (AccessUnit) -> Void)?>(nil)
    private let ended = NIOLockedValueBox<(@Sendable (String) -> Void)?>(nil)
    private let keyframeRequested = Atomic<Bool>(false)
    private let keyframeRequests = Atomic<Int>(0)
    private let parameterSetsKnown = Atomic<Bool>(true)
    private var frameIndex = 0
    /// Why the source ends inside its own `start`, as an encoder that fails on its first frame does; nil: it runs.
    private let endingAtStart: String?

    init(width: Int = 160, height: Int = 120, endingAtStart: String? = nil) throws {
        self.endingAtStart = endingAtStart
        encoder = try X264Encoder(settings: EncoderSettings(width: width, height: height, keyframeInterval: 250))
        renderer = TestPatternRenderer(width: width, height: height)
        parameterSets = encoder.parameterSets
        description = "stepped test pattern \(width)x\(height)"
    }

    func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        self.deliver.withLockedValue { $0 = deliver }
    }

    func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        self.deliver.withLockedValue { $0 = deliver }
        self.ended.withLockedValue { $0 = ended }
        if let endingAtStart { end(reason: endingAtStart) }
    }

    /// Ends the source for good, as a camera that is unplugged does.
    func end(reason: String) {
        deliver.withLockedValue { $0 = nil }
        ended.withLockedValue { $0 }?(reason)
    }

    /// As a camera that makes its own H.264 and has not been seen yet: SPS/PPS unknown until `known` is true.
    func setParameterSetsKnown(_ known: Bool) {
        parameterSetsKnown.store(known, ordering: .relaxed)
    }

    var hasParameterSets: Bool { parameterSetsKnown.load(ordering: .relaxed) }

    func requestKeyframe() {
        keyframeRequested.store(true, ordering: .relaxed)
        keyframeRequests.add(1, ordering: .relaxed)
    }

    /// How often the server asked for a keyframe.
    var keyframeRequestCount: Int { keyframeRequests.load(ordering: .relaxed) }

    /// Lets go of both callbacks, as a real pipeline's thread does when it ends: a stopped source keeps no stream alive.
    func stop() {
        deliver.withLockedValue { $0 = nil }
        ended.withLockedValue { $0 = nil }
    }

    /// Encodes `count` frames and hands each to the server; returns them.
    @discardableResult
    func produce(_ count: Int = 1) throws -> [AccessUnit] {
        var units: [AccessUnit] = []
        for _ in 0..<count {
            renderer.render(frameIndex: frameIndex)
            frameIndex += 1
            let planes = renderer.planes
            let picture = RawPicture(
                layout: .i420, planes: [planes.y, planes.u, planes.v], strides: [planes.strides.0, planes.strides.1, planes.strides.2])
            let forceIDR = keyframeRequested.exchange(false, ordering: .relaxed)
            guard let unit = try encoder.encode(picture, captureTime: MonotonicClock.now(), forceIDR: forceIDR) else { continue }
            units.append(unit)
            deliver.withLockedValue { $0 }?(unit)
        }
        return units
    }
}
