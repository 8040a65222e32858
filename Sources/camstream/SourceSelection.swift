import H264
import LibcameraCapture
import Logging
import V4L2Capture
import VideoPipeline
import X264Encoder

/// Turns `--source` into a running source, and says in the log which one and why.
enum SourceSelection {
    /// The camera options of `serve` that only matter when the source is a camera.
    struct CameraOptions {
        var forcedFormat: FourCC?
        var controls: [ControlSetting]
        var io: V4L2IO
        /// libcamera's orientation; a V4L2 camera (which `auto` may find) has none.
        var rotation = 0
        var hflip = false
        var vflip = false
        var turned: Bool { rotation != 0 || hflip || vflip }
        /// A sub-stream scales the raw picture: the camera's own H.264 is not chosen.
        var needsRawPictures = false
    }

    static func open(
        _ source: String, settings: EncoderSettings, camera: CameraOptions, logger: Logger, metrics: PipelineMetrics? = nil
    ) throws -> any AccessUnitSource {
        if let selector = LibcameraCameraSelector(source: source) {
            logger.info("source: \(selector) (asked for with --source)")
            return try openLibcamera(selector, settings: settings, camera: camera, logger: logger, metrics: metrics)
        }
        switch source {
        case "test":
            logger.info("source: test pattern (asked for with --source test)")
        case "auto":
            if let found = preferredLibcameraCamera(logger: logger) {
                logger.info(
                    "source: libcamera camera \(found.id) (\(found.model)), the first camera libcamera streams in a format camstream encodes directly; preferred over V4L2 nodes, which for such a camera are its raw sensor and ISP"
                )
                return try openLibcamera(.id(found.id), settings: settings, camera: camera, logger: logger, metrics: metrics)
            }
            if let device = DeviceDirectory.firstCaptureDevice(io: camera.io) {
                logger.info(
                    "source: \(device.path), the first V4L2 capture device (\(device.capabilities.card), driver \(device.capabilities.driver))"
                )
                return try openCamera(device.path, settings: settings, camera: camera, logger: logger, metrics: metrics)
            }
            logger.info("source: test pattern (no libcamera camera, and no V4L2 capture device among \(DeviceDirectory.videoNodes().count) /dev/video* nodes)")
        default:
            logger.info("source: \(source) (asked for with --source)")
            return try openCamera(source, settings: settings, camera: camera, logger: logger, metrics: metrics)
        }
        return try TestPatternPipeline(settings: settings, logger: logger, metrics: metrics)
    }

    /// The first libcamera camera whose video stream is YUV420, NV12 or RGB: a Raspberry Pi camera
    /// module behind its ISP, or vimc. A USB webcam, which libcamera also lists, offers only YUYV or
    /// MJPEG there and is left to the V4L2 path, which handles both.
    private static func preferredLibcameraCamera(logger: Logger) -> LibcameraCameraInfo? {
        let session: LibcameraSession
        do {
            session = try LibcameraSession()
        } catch {
            logger.info("libcamera not usable for auto", metadata: ["error": "\(error)"])
            return nil
        }
        let usable = ["YUV420", "NV12", "RGB888", "BGR888"].map { "video \($0) " }
        let cameras = session.cameras
        let found = cameras.first { camera in camera.formats.contains { line in usable.contains { line.hasPrefix($0) } } }
        if found == nil, !cameras.isEmpty {
            logger.info(
                "libcamera cameras left to V4L2: none streams YUV420, NV12 or RGB",
                metadata: ["camera.libcamera": "\(cameras.map(\.id).joined(separator: ", "))"])
        }
        return found
    }

    private static func openLibcamera(
        _ selector: LibcameraCameraSelector, settings: EncoderSettings, camera: CameraOptions, logger: Logger, metrics: PipelineMetrics?
    ) throws
        -> any AccessUnitSource
    {
        try LibcameraPipeline(
            configuration: LibcameraPipelineConfiguration(
                camera: selector, encoder: settings, controls: camera.controls, rotation: camera.rotation, hflip: camera.hflip,
                vflip: camera.vflip),
            logger: logger, metrics: metrics)
    }

    private static func openCamera(
        _ path: String, settings: EncoderSettings, camera: CameraOptions, logger: Logger, metrics: PipelineMetrics?
    ) throws
        -> any AccessUnitSource
    {
        if camera.turned {
            logger.warning(
                "rotation, hflip and vflip are ignored: they turn a libcamera camera's picture, and \(path) is a V4L2 camera (set its horizontal_flip/vertical_flip controls)"
            )
        }
        return try V4L2Pipeline(
            configuration: V4L2PipelineConfiguration(
                devicePath: path, encoder: settings, forcedFormat: camera.forcedFormat, controls: camera.controls, io: camera.io,
                needsRawPictures: camera.needsRawPictures),
            logger: logger, metrics: metrics)
    }
}
