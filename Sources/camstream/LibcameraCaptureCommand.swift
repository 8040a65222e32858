import ArgumentParser
import LibcameraCapture
import V4L2Capture

/// `camstream libcamera-capture`: the child process a libcamera source streams through (see
/// `LibcameraCaptureProcess`), talking on descriptor 3. Not for people: hidden from help.
struct LibcameraCaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libcamera-capture",
        abstract: "Stream one libcamera camera to the camstream process that started this one (descriptor 3).",
        shouldDisplay: false)

    @Option(help: "libcamera, libcamera:<index> or libcamera:<id>.") var camera: String
    @Option var size: PictureSize
    @Option var fps: Int
    @Option var buffers: Int
    @Option var rotation: Int = 0
    @Flag var hflip = false
    @Flag var vflip = false
    @Option var control: [ControlSetting] = []

    func run() throws {
        guard let selector = LibcameraCameraSelector(source: camera) else {
            throw ValidationError("--camera: not a libcamera camera: \(camera)")
        }
        let settings = LibcameraStreamSettings(
            width: size.width, height: size.height, framesPerSecond: fps, bufferCount: buffers, rotation: rotation, hflip: hflip,
            vflip: vflip)
        LibcameraCaptureChild.serve(socket: 3, selector: selector, settings: settings, controls: control)
    }
}
