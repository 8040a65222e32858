import LibcameraShim

#if canImport(Glibc)
    import Glibc
#endif

/// One control a libcamera camera offers, as `camstream controls` lists it.
public struct LibcameraControlInfo: Sendable, Hashable {
    public var name: String
    public var type: String
    public var minimum: String
    public var maximum: String
    public var defaultValue: String
    /// For enumerations (AfMode, AwbMode, …): the values allowed.
    public var values: [String]

    public var summary: String {
        var line = "\(name) (\(type)): min \(minimum), max \(maximum), default \(defaultValue)"
        if !values.isEmpty { line += ", values \(values.joined(separator: "|"))" }
        return line
    }
}

/// A camera libcamera found: its id (stable: what `libcamera:<id>` takes), model and formats.
public struct LibcameraCameraInfo: Sendable, Hashable {
    public var index: Int
    public var id: String
    public var model: String
    /// `raw FORMAT SIZES` lines are the sensor modes; `video FORMAT SIZES` what a video stream can be.
    public var formats: [String]
    public var controls: [LibcameraControlInfo]
}

/// The process's reference on libcamera's camera manager: enumeration happens when the first
/// reference is taken, so a session taken after a camera came back sees it.
public final class LibcameraSession {
    public init() throws(LibcameraError) {
        var error = [CChar](repeating: 0, count: 512)
        let result = camstream_lc_acquire(&error, error.count)
        guard result >= 0 else { throw .managerFailed(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
    }

    deinit {
        camstream_lc_release()
    }

    public var cameras: [LibcameraCameraInfo] {
        (0..<Int(camstream_lc_camera_count())).map { index in
            let at = Int32(index)
            return LibcameraCameraInfo(
                index: index, id: Self.take(camstream_lc_camera_id(at)), model: Self.take(camstream_lc_camera_model(at)),
                formats: Self.take(camstream_lc_camera_formats(at)).split(separator: "\n").map(String.init),
                controls: Self.take(camstream_lc_camera_controls(at)).split(separator: "\n").map { line in
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
                    return LibcameraControlInfo(
                        name: field(0), type: field(1), minimum: field(2), maximum: field(3), defaultValue: field(4),
                        values: field(5).isEmpty ? [] : field(5).split(separator: ",").map(String.init))
                })
        }
    }

    /// The camera the selector names, or an error listing those there are.
    public func camera(_ selector: LibcameraCameraSelector) throws(LibcameraError) -> LibcameraCameraInfo {
        let cameras = cameras
        let found: LibcameraCameraInfo? =
            switch selector {
            case .first: cameras.first
            case .index(let index): index < cameras.count ? cameras[index] : nil
            case .id(let id): cameras.first { $0.id == id }
            }
        guard let found else { throw .noCamera(selector: "\(selector)", available: cameras.map { "\($0.index): \($0.id) (\($0.model))" }) }
        return found
    }

    /// A string the shim malloc'ed, freed.
    static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
