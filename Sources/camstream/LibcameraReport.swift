import LibcameraCapture

/// How `camstream devices` and `camstream controls` print libcamera's cameras.
enum LibcameraReport {
    /// A few lines per camera: how to name it in `source:`, its model, sensor modes and video formats.
    static func cameras(_ cameras: [LibcameraCameraInfo]) -> String {
        guard !cameras.isEmpty else { return "libcamera: no cameras" }
        var lines: [String] = []
        for camera in cameras {
            lines.append("libcamera:\(camera.index): \(camera.model) (id \(camera.id))")
            lines.append("  source: libcamera:\(camera.id)")
            for line in camera.formats {
                let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard fields.count == 3 else { continue }
                lines.append("  \(fields[0] == "raw" ? "sensor mode" : fields[0]) \(fields[1]): \(fields[2].split(separator: " ").joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func controls(_ camera: LibcameraCameraInfo) -> String {
        var lines = ["libcamera:\(camera.index): \(camera.model) (id \(camera.id))"]
        if camera.controls.isEmpty { lines.append("  no controls") }
        lines += camera.controls.map { "  " + $0.summary }
        return lines.joined(separator: "\n")
    }
}
