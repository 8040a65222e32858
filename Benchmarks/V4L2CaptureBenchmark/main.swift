// What camstream does to a captured 720p frame before x264 sees it, per capture format:
// bytes camstream copies and time spent, then the whole prepare + encode per frame.
//   swift run -c release V4L2CaptureBenchmark [frames]
import V4L2Capture
import VideoPipeline
import X264Encoder

#if canImport(Glibc)
    import Glibc
#endif

let width = 1280, height = 720
let frames = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// A page-aligned buffer standing in for an mmap'ed V4L2 buffer, with a picture that changes per row.
func captureBuffer(bytes: Int) -> UnsafeMutableRawBufferPointer {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096)
    for offset in 0..<bytes { buffer[offset] = UInt8(truncatingIfNeeded: offset &* 31 &+ offset / 2560) }
    return buffer
}

/// The plain Swift loop libyuv replaces, for comparison.
func swiftYUYVToI420(_ source: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
    let y = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
    let u = y + width * height, v = u + width * height / 4
    let src = source.baseAddress!.assumingMemoryBound(to: UInt8.self)
    for row in stride(from: 0, to: height, by: 2) {
        let line0 = src + row * width * 2, line1 = line0 + width * 2
        for pair in 0..<(width / 2) {
            y[row * width + pair * 2] = line0[pair * 4]
            y[row * width + pair * 2 + 1] = line0[pair * 4 + 2]
            y[(row + 1) * width + pair * 2] = line1[pair * 4]
            y[(row + 1) * width + pair * 2 + 1] = line1[pair * 4 + 2]
            u[row / 2 * width / 2 + pair] = UInt8((UInt16(line0[pair * 4 + 1]) + UInt16(line1[pair * 4 + 1]) + 1) / 2)
            v[row / 2 * width / 2 + pair] = UInt8((UInt16(line0[pair * 4 + 3]) + UInt16(line1[pair * 4 + 3]) + 1) / 2)
        }
    }
}

struct Case {
    var name: String
    var fourcc: FourCC
    var handling: FrameHandling
    var bytesPerLine: Int
    var bytes: Int
}

let cases = [
    Case(name: "NV12", fourcc: .nv12, handling: .nv12, bytesPerLine: width, bytes: width * height * 3 / 2),
    Case(name: "YU12", fourcc: .yu12, handling: .i420, bytesPerLine: width, bytes: width * height * 3 / 2),
    Case(name: "YUYV", fourcc: .yuyv, handling: .yuyvToI420, bytesPerLine: width * 2, bytes: width * height * 2),
]

print("\(width)x\(height), \(frames) frames per measurement")
print("format  camstream copies/frame  prepare/frame  prepare+x264 ultrafast/frame")
for item in cases {
    let buffer = captureBuffer(bytes: item.bytes)
    defer { buffer.deallocate() }
    let source = UnsafeRawBufferPointer(buffer)
    let preparer = FramePreparer(
        format: ActiveFormat(
            fourcc: item.fourcc, width: width, height: height, bytesPerLine: item.bytesPerLine, sizeImage: item.bytes, framesPerSecond: 30),
        handling: item.handling)
    var start = now()
    for _ in 0..<frames { _ = preparer.picture(from: source) }
    let prepare = Double(now() - start) / Double(frames)
    let copied = preparer.bytesCopied / frames

    let encoder = try X264Encoder(settings: EncoderSettings(width: width, height: height), inputLayout: preparer.layout)
    start = now()
    for index in 0..<frames {
        guard let picture = preparer.picture(from: source) else { fatalError("buffer too short") }
        _ = try encoder.encode(picture, captureTime: UInt64(index), forceIDR: index == 0)
    }
    let total = Double(now() - start) / Double(frames)
    let prepareText = prepare < 10_000 ? "\(Int(prepare)) ns" : "\(Int(prepare / 1000)) µs"
    print(
        "\(item.name)    \(copied) bytes\(String(repeating: " ", count: max(0, 16 - "\(copied)".count)))\(prepareText)\(String(repeating: " ", count: max(1, 15 - prepareText.count)))\(Int(total / 1000)) µs"
    )
}

let yuyv = captureBuffer(bytes: width * height * 2)
let i420 = UnsafeMutableRawBufferPointer.allocate(byteCount: width * height * 3 / 2, alignment: 64)
var start = now()
for _ in 0..<frames { swiftYUYVToI420(UnsafeRawBufferPointer(yuyv), into: i420) }
let swiftLoop = Double(now() - start) / Double(frames)
let preparer = FramePreparer(
    format: ActiveFormat(
        fourcc: .yuyv, width: width, height: height, bytesPerLine: width * 2, sizeImage: width * height * 2, framesPerSecond: 30),
    handling: .yuyvToI420)
start = now()
for _ in 0..<frames { _ = preparer.picture(from: UnsafeRawBufferPointer(yuyv)) }
let libyuv = Double(now() - start) / Double(frames)
func milliseconds(_ nanoseconds: Double) -> String {
    let hundredths = Int((nanoseconds / 10_000).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) ms"
}
let ratio = Int((swiftLoop / libyuv * 10).rounded())
print(
    "YUYV→I420 per 720p frame: libyuv \(milliseconds(libyuv)), plain Swift loop \(milliseconds(swiftLoop)) (\(ratio / 10).\(ratio % 10)x)")
