import H264
import Logging
import VideoPipeline
import X264Encoder

/// Turns `--source` into a running source, and says in the log which one and why.
enum SourceSelection {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func open(_ source: String, settings: EncoderSettings, logger: Logger) throws -> any AccessUnitSource {
        switch source {
        case "test":
            logger.info("source: test pattern (asked for with --source test)")
        case "auto":
            logger.info("source: test pattern (this build has no V4L2 capture yet, so auto means the test pattern)")
        default:
            throw Unavailable(description: "--source \(source): V4L2 capture is not in this build yet; use --source test or auto")
        }
        return try TestPatternPipeline(settings: settings, logger: logger)
    }
}
