import ArgumentParser
import LibcameraCapture
import V4L2Capture

/// `camstream devices`: what cameras there are and what each can do, in a few lines each.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List V4L2 capture devices with their formats, sizes and frame rates, and libcamera's cameras with their sensor modes.",
        discussion:
            "Sizes show their fastest rate (320x180@60). Prefer the /dev/v4l/by-id names in a config: they survive replugging; a libcamera camera's id does too.")

    @OptionGroup var access: DeviceAccessOptions

    func run() throws {
        print(DeviceDirectory.report(DeviceDirectory.captureDevices(io: access.v4l2IO.io)))
        do {
            print(LibcameraReport.cameras(try LibcameraSession().cameras))
        } catch {
            print("libcamera: \(error)")
        }
    }
}
