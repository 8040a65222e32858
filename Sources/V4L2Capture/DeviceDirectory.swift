#if canImport(Glibc)
    import Glibc
#endif

/// A capture node found under /dev, with the stable names udev gave it.
public struct CaptureDeviceInfo: Sendable, Hashable {
    public var path: String
    /// `/dev/v4l/by-id/…` and `/dev/v4l/by-path/…` links to this node: names that survive
    /// replugging and reordering, which a config should prefer to `/dev/videoN`.
    public var aliases: [String]
    public var capabilities: DeviceCapabilities
    public var formats: [CaptureFormat]
}

/// Finds V4L2 capture devices: every `/dev/video*` node that captures video with streaming I/O
/// (codec, output and metadata nodes are left out).
public enum DeviceDirectory {
    /// Video nodes in numeric order (`video2` before `video10`).
    public static func videoNodes(in directory: String = "/dev") -> [String] {
        entries(of: directory)
            .filter { $0.hasPrefix("video") && Int($0.dropFirst(5)) != nil }
            .sorted { Int($0.dropFirst(5))! < Int($1.dropFirst(5))! }
            .map { "\(directory)/\($0)" }
    }

    /// Every capture device with its formats; nodes that cannot be opened or are not capture are skipped.
    public static func captureDevices(io: V4L2IO) -> [CaptureDeviceInfo] {
        let aliases = stableNames()
        return videoNodes().compactMap { path in
            guard let device = try? V4L2Device(path: path, io: io), let capabilities = try? device.capabilities(),
                capabilities.canCaptureVideo
            else { return nil }
            let formats = (try? device.captureFormats()) ?? []
            return CaptureDeviceInfo(path: path, aliases: aliases[path, default: []], capabilities: capabilities, formats: formats)
        }
    }

    /// The first node that captures video and offers at least one format: what `--source auto` takes.
    public static func firstCaptureDevice(io: V4L2IO) -> CaptureDeviceInfo? {
        captureDevices(io: io).first { !$0.formats.isEmpty }
    }

    /// `/dev/videoN` → its by-id and by-path links.
    static func stableNames() -> [String: [String]] {
        var names: [String: [String]] = [:]
        for folder in ["/dev/v4l/by-id", "/dev/v4l/by-path"] {
            for entry in entries(of: folder).sorted() {
                let link = "\(folder)/\(entry)"
                guard let target = realpath(link, nil) else { continue }
                names[String(cString: target), default: []].append(link)
                free(target)
            }
        }
        return names
    }

    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// What `camstream devices` prints: each device, its stable names, then one line per format.
    public static func report(_ devices: [CaptureDeviceInfo]) -> String {
        guard !devices.isEmpty else {
            return "No V4L2 capture devices found (looked at \(videoNodes().count) /dev/video* nodes)."
        }
        return devices.map { device in
            var lines = [
                "\(device.path): \(device.capabilities.card) (driver \(device.capabilities.driver), \(device.capabilities.busInfo))"
            ]
            lines += device.aliases.map { "  also \($0)" }
            lines += CaptureFormatReport.lines(device.formats)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
