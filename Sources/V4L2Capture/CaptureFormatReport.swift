/// Formats, sizes and rates as a person reads them: one line per format, as `camstream devices`
/// prints and as an unsupported request lists them.
public enum CaptureFormatReport {
    /// `  YUYV  YUYV 4:2:2: 320x180@60, 640x360@40, 1280x720@12.5`
    public static func lines(_ formats: [CaptureFormat], indent: String = "  ") -> [String] {
        formats.map { format in
            var tags: [String] = []
            if format.isCompressed { tags.append("compressed") }
            if format.isEmulated { tags.append("converted by libv4l2") }
            let tag = tags.isEmpty ? "" : " (\(tags.joined(separator: ", ")))"
            let sizes = format.sizes.map(describe).joined(separator: ", ")
            let padded = format.fourcc.description.padding(to: 5)
            return "\(indent)\(padded) \(format.name)\(tag): \(sizes.isEmpty ? "no sizes listed" : sizes)"
        }
    }

    static func describe(_ size: FrameSizeOption) -> String {
        let rate = size.intervals.maximumFramesPerSecond.map { "@" + formatRate($0) } ?? ""
        switch size.extent {
        case .discrete(let width, let height):
            return "\(width)x\(height)\(rate)"
        case .range(let range):
            return "\(range.minWidth)x\(range.minHeight) to \(range.maxWidth)x\(range.maxHeight)"
                + (range.stepWidth > 1 || range.stepHeight > 1 ? " in steps of \(range.stepWidth)x\(range.stepHeight)" : "")
        }
    }

    /// 60 → "60", 12.5 → "12.5", 29.97 → "29.97".
    public static func formatRate(_ rate: Double) -> String {
        let hundredths = Int((rate * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)" }
        if hundredths % 10 == 0 { return "\(hundredths / 100).\(hundredths / 10 % 10)" }
        return "\(hundredths / 100).\(hundredths / 10 % 10)\(hundredths % 10)"
    }
}

extension String {
    fileprivate func padding(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
