import ArgumentParser
import V4L2Capture
import VideoPipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `--control brightness=60`: a camera control by name, as the config sets them.
extension ControlSetting: ExpressibleByArgument {
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        let name = String(argument[..<equals].filter { !$0.isWhitespace })
        let value = String(argument[argument.index(after: equals)...])
        guard !name.isEmpty else { return nil }
        self.init(name: name, value: value)
    }
}

extension FourCC: ExpressibleByArgument {
    public init?(argument: String) {
        guard let fourcc = try? FourCC(argument.uppercased() == "I420" ? "YU12" : argument) else { return nil }
        self = fourcc
    }
}

/// `--v4l2-io auto|libv4l2|libc`.
enum V4L2IOChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, libv4l2, libc

    var io: V4L2IO {
        switch self {
        case .auto: V4L2IO.automatic(environment: getenv("LD_PRELOAD").map { ["LD_PRELOAD": String(cString: $0)] } ?? [:])
        case .libv4l2: .libv4l2
        case .libc: .libc
        }
    }
}

/// Options shared by the commands that open a camera.
struct DeviceAccessOptions: ParsableArguments {
    @Option(
        name: .customLong("v4l2-io"),
        help:
            "How to reach the camera: libv4l2 (converts vendor formats), libc (seen by LD_PRELOAD layers such as libcamerify), or auto (libc when LD_PRELOAD is set)."
    )
    var v4l2IO: V4L2IOChoice = .auto
}
