/// What camstream and its libcamera capture process (`camstream libcamera-capture`) say to each
/// other, one message per SOCK_SEQPACKET datagram. libcamera runs in a child process because
/// libcamera 0.0.3 aborts the process it runs in when a camera's device vanishes (an assert in
/// `Camera::stop()`, `std::terminate` on the IPA thread): the child may die, camstream lives.
///
/// The child opens the camera and sends `opened` with every buffer's dmabufs attached (the parent
/// maps them, so frames still cross without a copy), then a `frame` per completed request; the
/// parent sends `release` when it has encoded a frame. `failed` is the child's last word. Both
/// ends are one binary, so the encoding is fixed-width little-endian fields and length-prefixed
/// strings with no versioning; decoding still refuses anything short, long or unknown.
public enum CaptureProcessMessage: Sendable, Equatable {
    case opened(OpenedCamera)
    case frame(CapturedFrame)
    case failed(LibcameraError)
    case release(buffer: Int)

    /// The camera as configured, and where its buffers are.
    public struct OpenedCamera: Sendable, Equatable {
        public var cameraID: String
        public var model: String
        public var width: Int
        public var height: Int
        public var fourcc: UInt32
        public var stride: Int
        /// Per buffer (the request index frames name), its planes.
        public var buffers: [[BufferPlane]]
        /// Each control set, with the value as libcamera holds it.
        public var controls: [ControlValue]

        public init(
            cameraID: String, model: String, width: Int, height: Int, fourcc: UInt32, stride: Int, buffers: [[BufferPlane]],
            controls: [ControlValue]
        ) {
            (self.cameraID, self.model, self.width, self.height, self.fourcc, self.stride) = (
                cameraID, model, width, height, fourcc, stride
            )
            (self.buffers, self.controls) = (buffers, controls)
        }
    }

    /// A plane: the index of its dmabuf among the descriptors sent with `opened`, and where in it.
    public struct BufferPlane: Sendable, Equatable {
        public var descriptor: Int
        public var offset: Int
        public var length: Int

        public init(descriptor: Int, offset: Int, length: Int) {
            (self.descriptor, self.offset, self.length) = (descriptor, offset, length)
        }
    }

    public struct ControlValue: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            (self.name, self.value) = (name, value)
        }
    }

    public struct CapturedFrame: Sendable, Equatable {
        public var buffer: Int
        public var sensorTimestamp: Int64
        public var sequence: UInt32
        public var skipped: Int
        /// Bytes the camera filled in each plane.
        public var planeLengths: [Int]
        /// `Name=value` lines of the request's metadata; sent with a stream's first frame only.
        public var metadata: [String]

        public init(buffer: Int, sensorTimestamp: Int64, sequence: UInt32, skipped: Int, planeLengths: [Int], metadata: [String]) {
            (self.buffer, self.sensorTimestamp, self.sequence, self.skipped) = (buffer, sensorTimestamp, sequence, skipped)
            (self.planeLengths, self.metadata) = (planeLengths, metadata)
        }
    }

    /// The largest message either side sends or accepts (an `opened` with a long control list).
    public static let maximumSize = 64 * 1024
    /// Buffers and planes an `opened` may describe; more would be a broken child.
    static let maximumBuffers = 32
    static let maximumPlanes = 3

    // MARK: - Encoding

    public var encoded: [UInt8] {
        var writer = Writer()
        switch self {
        case .opened(let camera):
            writer.byte(1)
            writer.string(camera.cameraID)
            writer.string(camera.model)
            writer.count(camera.width)
            writer.count(camera.height)
            writer.u32(camera.fourcc)
            writer.count(camera.stride)
            writer.count(camera.buffers.count)
            for planes in camera.buffers {
                writer.count(planes.count)
                for plane in planes {
                    writer.count(plane.descriptor)
                    writer.count(plane.offset)
                    writer.count(plane.length)
                }
            }
            writer.strings(camera.controls.flatMap { [$0.name, $0.value] })
        case .frame(let frame):
            writer.byte(2)
            writer.count(frame.buffer)
            writer.u64(UInt64(bitPattern: frame.sensorTimestamp))
            writer.u32(frame.sequence)
            writer.count(frame.skipped)
            writer.count(frame.planeLengths.count)
            for length in frame.planeLengths { writer.count(length) }
            writer.strings(frame.metadata)
        case .failed(let error):
            writer.byte(3)
            switch error {
            case .managerFailed(let reason): writer.byte(1); writer.strings([reason])
            case .noCamera(let selector, let available): writer.byte(2); writer.strings([selector] + available)
            case .openFailed(let camera, let reason): writer.byte(3); writer.strings([camera, reason])
            case .control(let camera, let reason): writer.byte(4); writer.strings([camera, reason])
            case .gone(let camera, let reason): writer.byte(5); writer.strings([camera, reason])
            case .pipeline(let camera, let reason): writer.byte(6); writer.strings([camera, reason])
            }
        case .release(let buffer):
            writer.byte(4)
            writer.count(buffer)
        }
        return writer.bytes
    }

    /// The message in `bytes`, or nil if they are not exactly one well-formed message.
    public init?(decoding bytes: some Collection<UInt8>) {
        var reader = Reader(Array(bytes))
        guard let message = Self.read(&reader), reader.isAtEnd else { return nil }
        self = message
    }

    private static func read(_ reader: inout Reader) -> Self? {
        switch reader.byte() {
        case 1:
            guard let cameraID = reader.string(), let model = reader.string(), let width = reader.count(), let height = reader.count(),
                let fourcc = reader.u32(), let rowStride = reader.count(), let bufferCount = reader.count(),
                bufferCount <= maximumBuffers
            else { return nil }
            var buffers: [[BufferPlane]] = []
            for _ in 0..<bufferCount {
                guard let planeCount = reader.count(), planeCount <= maximumPlanes else { return nil }
                var planes: [BufferPlane] = []
                for _ in 0..<planeCount {
                    guard let descriptor = reader.count(), let offset = reader.count(), let length = reader.count() else { return nil }
                    planes.append(BufferPlane(descriptor: descriptor, offset: offset, length: length))
                }
                buffers.append(planes)
            }
            guard let names = reader.strings(), names.count % 2 == 0 else { return nil }
            let controls = stride(from: 0, to: names.count, by: 2).map { ControlValue(name: names[$0], value: names[$0 + 1]) }
            return .opened(
                OpenedCamera(
                    cameraID: cameraID, model: model, width: width, height: height, fourcc: fourcc, stride: rowStride, buffers: buffers,
                    controls: controls))
        case 2:
            guard let buffer = reader.count(), let timestamp = reader.u64(), let sequence = reader.u32(), let skipped = reader.count(),
                let planeCount = reader.count(), planeCount <= maximumPlanes
            else { return nil }
            var lengths: [Int] = []
            for _ in 0..<planeCount {
                guard let length = reader.count() else { return nil }
                lengths.append(length)
            }
            guard let metadata = reader.strings() else { return nil }
            return .frame(
                CapturedFrame(
                    buffer: buffer, sensorTimestamp: Int64(bitPattern: timestamp), sequence: sequence, skipped: skipped,
                    planeLengths: lengths, metadata: metadata))
        case 3:
            guard let kind = reader.byte(), let texts = reader.strings() else { return nil }
            switch (kind, texts.count) {
            case (1, 1): return .failed(.managerFailed(texts[0]))
            case (2, 1...): return .failed(.noCamera(selector: texts[0], available: Array(texts.dropFirst())))
            case (3, 2): return .failed(.openFailed(camera: texts[0], reason: texts[1]))
            case (4, 2): return .failed(.control(camera: texts[0], reason: texts[1]))
            case (5, 2): return .failed(.gone(camera: texts[0], reason: texts[1]))
            case (6, 2): return .failed(.pipeline(camera: texts[0], reason: texts[1]))
            default: return nil
            }
        case 4:
            guard let buffer = reader.count() else { return nil }
            return .release(buffer: buffer)
        default:
            return nil
        }
    }
}

/// Little-endian fields, appended.
private struct Writer {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A size, index or offset: never negative, and under 4 GiB (clamped, so a wrong value is refused on reading).
    mutating func count(_ value: Int) { u32(UInt32(clamping: value)) }

    mutating func string(_ text: String) {
        count(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func strings(_ texts: [String]) {
        count(texts.count)
        for text in texts { string(text) }
    }
}

/// Little-endian fields, read with bounds: every read past the end is nil.
private struct Reader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u32() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        defer { position += 4 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[position + $1]) << UInt32($1 * 8) }
    }

    mutating func u64() -> UInt64? {
        guard bytes.count - position >= 8 else { return nil }
        defer { position += 8 }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[position + $1]) << UInt64($1 * 8) }
    }

    /// A 32-bit count as an Int; nil where Int is 32 bits and the count does not fit.
    mutating func count() -> Int? { u32().flatMap { Int(exactly: $0) } }

    mutating func string() -> String? {
        guard let length = count(), bytes.count - position >= length else { return nil }
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = count(), count <= bytes.count - position else { return nil }
        var texts: [String] = []
        for _ in 0..<count {
            guard let text = string() else { return nil }
            texts.append(text)
        }
        return texts
    }
}
