import H264
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
        /// A sub-stream scales the raw picture: the camera's own H.264 is not chosen.
        var needsRawPictures = false
    }

    static func open(
        _ source: String, settings: EncoderSettings, camera: CameraOptions, logger: Logger, metrics: PipelineMetrics? = nil
    ) throws -> any AccessUnitSource {
        switch source {
        case "test":
            logger.info("source: test pattern (asked for with --source test)")
        case "auto":
            if let device = DeviceDirectory.firstCaptureDevice(io: camera.io) {
                logger.info(
                    "source: \(device.path), the first V4L2 capture device (\(device.capabilities.card), driver \(device.capabilities.driver))"
                )
                return try openCamera(device.path, settings: settings, camera: camera, logger: logger, metrics: metrics)
            }
            logger.info("source: test pattern (no V4L2 capture device among \(DeviceDirectory.videoNodes().count) /dev/video* nodes)")
        default:
            logger.info("source: \(source) (asked for with --source)")
            return try openCamera(source, settings: settings, camera: camera, logger: logger, metrics: metrics)
        }
        return try TestPatternPipeline(settings: settings, logger: logger, metrics: metrics)
    }

    private static func openCamera(
        _ path: String, settings: EncoderSettings, camera: CameraOptions, logger: Logger, metrics: PipelineMetrics?
    ) throws -> any AccessUnitSource {
        try V4L2Pipeline(
            configuration: V4L2PipelineConfiguration(
                devicePath: path, encoder: settings, forcedFormat: camera.forcedFormat, controls: camera.controls, io: camera.io,
                needsRawPictures: camera.needsRawPictures),
            logger: logger, metrics: metrics)
    }
}
