/// A frame interval as V4L2 states it: `numerator/denominator` seconds per frame.
public struct FrameInterval: Hashable, Sendable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The interval for a whole number of frames per second.
    public init(framesPerSecond: Int) {
        self.init(numerator: 1, denominator: framesPerSecond)
    }

    public var framesPerSecond: Double {
        numerator > 0 ? Double(denominator) / Double(numerator) : 0
    }
}

/// The frame intervals a camera offers at one size (VIDIOC_ENUM_FRAMEINTERVALS).
public enum FrameIntervals: Hashable, Sendable {
    case discrete([FrameInterval])
    case stepwise(min: FrameInterval, max: FrameInterval)
    /// The driver does not enumerate intervals; it may still accept VIDIOC_S_PARM.
    case unknown

    /// The highest rate on offer, nil when unknown.
    public var maximumFramesPerSecond: Double? {
        switch self {
        case .discrete(let intervals): intervals.map(\.framesPerSecond).max()
        case .stepwise(let fastest, _): fastest.framesPerSecond
        case .unknown: nil
        }
    }
}

/// A range of sizes (VIDIOC_ENUM_FRAMESIZES stepwise or continuous).
public struct FrameSizeRange: Hashable, Sendable {
    public var minWidth: Int, maxWidth: Int, stepWidth: Int
    public var minHeight: Int, maxHeight: Int, stepHeight: Int

    public init(minWidth: Int, maxWidth: Int, stepWidth: Int, minHeight: Int, maxHeight: Int, stepHeight: Int) {
        self.minWidth = minWidth
        self.maxWidth = maxWidth
        self.stepWidth = max(stepWidth, 1)
        self.minHeight = minHeight
        self.maxHeight = maxHeight
        self.stepHeight = max(stepHeight, 1)
    }

    public func contains(width: Int, height: Int) -> Bool {
        // Comparisons, not ranges: a driver reporting min > max must not trap.
        minWidth <= width && width <= maxWidth && minHeight <= height && height <= maxHeight
            && (width - minWidth) % stepWidth == 0 && (height - minHeight) % stepHeight == 0
    }
}

/// One size a format can be captured at, with the rates on offer there.
public struct FrameSizeOption: Hashable, Sendable {
    public enum Extent: Hashable, Sendable {
        case discrete(width: Int, height: Int)
        case range(FrameSizeRange)
    }

    public var extent: Extent
    /// For a discrete size, its rates; for a range, the rates at the size that was asked about
    /// (or `.unknown` when none was).
    public var intervals: FrameIntervals

    public init(extent: Extent, intervals: FrameIntervals) {
        self.extent = extent
        self.intervals = intervals
    }

    public func contains(width: Int, height: Int) -> Bool {
        switch extent {
        case .discrete(let w, let h): w == width && h == height
        case .range(let range): range.contains(width: width, height: height)
        }
    }
}

/// One pixel format of a capture device with every size it can be captured at (VIDIOC_ENUM_FMT).
public struct CaptureFormat: Hashable, Sendable {
    public var fourcc: FourCC
    /// The driver's own name for it, e.g. "YUYV 4:2:2".
    public var name: String
    public var isCompressed: Bool
    /// Made by libv4l2's conversion from another format, not by the camera.
    public var isEmulated: Bool
    public var sizes: [FrameSizeOption]

    public init(fourcc: FourCC, name: String, isCompressed: Bool, isEmulated: Bool, sizes: [FrameSizeOption]) {
        self.fourcc = fourcc
        self.name = name
        self.isCompressed = isCompressed
        self.isEmulated = isEmulated
        self.sizes = sizes
    }

    /// The fastest rate at a size, `.some(nil)` when offered at an unknown rate, nil when not offered.
    public func maximumFramesPerSecond(width: Int, height: Int) -> Double?? {
        let matching = sizes.filter { $0.contains(width: width, height: height) }
        guard !matching.isEmpty else { return nil }
        let rates = matching.compactMap(\.intervals.maximumFramesPerSecond)
        return .some(rates.max())
    }
}
