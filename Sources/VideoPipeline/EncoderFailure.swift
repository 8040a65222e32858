import Logging

/// An encoder that fails is not retried: libx264 fails only when it cannot go on (out of memory, a
/// picture it cannot take), so the stream ends, its viewers get an RTCP BYE, and when no stream is left
/// camstream exits non-zero for the service manager to restart it.
enum EncoderFailure {
    /// The reason viewers read in the BYE and the server repeats when it ends the stream.
    static let reason = "encoder failed"

    /// Logs the failure once, in full (what libx264 returned, after how many frames; the logger carries
    /// the stream's path), then ends the stream with the short reason.
    static func report(_ error: any Error, framesEncoded: Int, logger: Logger, ended: (String) -> Void) {
        logger.error(
            "encoder failed; the stream ends and its viewers get an RTCP BYE",
            metadata: ["error": "\(error)", "encoder.frames_encoded": "\(framesEncoded)"])
        ended(reason)
    }

    /// For a pipeline whose encoder failed: reports it, ends the stream, and ends its sub-streams with it.
    static func end(_ error: any Error, framesEncoded: Int, logger: Logger, ended: (String) -> Void, substreams: SubstreamTaps) {
        report(error, framesEncoded: framesEncoded, logger: logger, ended: ended)
        substreams.parentEnded(reason: reason)
    }
}
