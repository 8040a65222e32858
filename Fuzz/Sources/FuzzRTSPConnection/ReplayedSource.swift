import H264
import TestPattern
import X264Encoder

/// A real x264-encoded test pattern, encoded once per process and handed out a frame per `produce()`, so the
/// stream the fuzzer's viewers get is real H.264 while an input costs no encoding. Keyframe requests are
/// honoured as the live pipeline honours them: the next frame is the IDR (with SPS and PPS) that starts the
/// group again. Used on the fuzzer's one thread only.
final class ReplayedSource: AccessUnitSource, @unchecked Sendable {
    // @unchecked: the fuzzer is single-threaded; the server calls back on its embedded loop, on that thread.
    let parameterSets: ParameterSets
    let description = "replayed test pattern 160x120"
    private let group: [AccessUnit]
    private var deliver: (@Sendable (AccessUnit) -> Void)?
    private var next = 0
    private var keyframeRequested = false
    private var captureTime: UInt64 = 1_000_000_000

    /// One group of pictures: an IDR and the P frames after it.
    private static let encoded: (ParameterSets, [AccessUnit]) = {
        let width = 160, height = 120
        do {
            let encoder = try X264Encoder(settings: EncoderSettings(width: width, height: height, keyframeInterval: 250))
            let renderer = TestPatternRenderer(width: width, height: height)
            var units: [AccessUnit] = []
            for index in 0..<64 where units.count < 6 {
                renderer.render(frameIndex: index)
                let planes = renderer.planes
                let picture = RawPicture(
                    layout: .i420, planes: [planes.y, planes.u, planes.v], strides: [planes.strides.0, planes.strides.1, planes.strides.2])
                if let unit = try encoder.encode(picture, captureTime: UInt64(index) * 33_333_333, forceIDR: index == 0) {
                    units.append(unit)
                }
            }
            precondition(units.first?.startsDecoding == true, "x264's first frame does not start decoding")
            return (encoder.parameterSets, units)
        } catch {
            fatalError("cannot encode the fuzzer's source frames: \(error)")
        }
    }()

    init() {
        (parameterSets, group) = Self.encoded
    }

    func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws {
        self.deliver = deliver
    }

    func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        self.deliver = deliver
    }

    func requestKeyframe() {
        keyframeRequested = true
    }

    func stop() {
        deliver = nil
    }

    /// Hands the server its next frame, one frame interval after the last.
    func produce() {
        if keyframeRequested {
            keyframeRequested = false
            next = 0
        }
        var unit = group[next]
        next = (next + 1) % group.count
        captureTime += 33_333_333
        unit.captureTime = captureTime
        deliver?(unit)
    }
}
