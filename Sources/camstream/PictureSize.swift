import ArgumentParser

/// `--size 1280x720`.
struct PictureSize: ExpressibleByArgument, Sendable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (16...7680).contains(width), (16...4320).contains(height), width % 2 == 0, height % 2 == 0
        else { return nil }
        self.init(width: width, height: height)
    }

    var defaultValueDescription: String { "\(width)x\(height)" }
}

/// `--rtp-ports 50000-50999`.
struct PortRange: ExpressibleByArgument, Sendable {
    var range: ClosedRange<Int>

    init(range: ClosedRange<Int>) {
        self.range = range
    }

    init?(argument: String) {
        let parts = argument.split(separator: "-")
        guard parts.count == 2, let first = Int(parts[0]), let last = Int(parts[1]),
            (1024...65535).contains(first), (1024...65535).contains(last), last >= first + 1
        else { return nil }
        self.init(range: first...last)
    }

    var defaultValueDescription: String { "\(range.lowerBound)-\(range.upperBound)" }
}
