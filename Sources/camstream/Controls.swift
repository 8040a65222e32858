import ArgumentParser
import LibcameraCapture
import V4L2Capture

/// `camstream controls /dev/video0`: every control with its type, range, default and value,
/// named as the config and `--control` take them.
struct Controls: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a camera's controls (name, type, range, default, current value).",
        discussion:
            "Set them when streaming with --control NAME=VALUE, e.g. --control brightness=60 --control auto_exposure=manual, or for a libcamera camera --control AfMode=2.")

    @Argument(help: "The device, e.g. /dev/video0 or a /dev/v4l/by-id/ name, or a libcamera camera: libcamera, libcamera:0, libcamera:<id>.")
    var device: String

    @OptionGroup var access: DeviceAccessOptions

    func run() throws {
        if let selector = LibcameraCameraSelector(source: device) {
            let session = try LibcameraSession()
            print(LibcameraReport.controls(try session.camera(selector)))
            return
        }
        let opened = try V4L2Device(path: device, io: access.v4l2IO.io)
        let capabilities = try opened.capabilities()
        print("\(device): \(capabilities.card) (driver \(capabilities.driver))")
        let controls = try opened.controls()
        if controls.isEmpty { print("  no controls") }
        for control in controls { print("  " + control.summary) }
    }
}
