import Logging
import StreamerConfig
import StreamerServer
import VideoPipeline

/// Turns a stream's `substream:` into a second served stream fed from the first one's capture.
enum SubstreamWiring {
    /// The sub-stream of `stream`, attached to `source`'s capture; nil when the stream has none.
    static func open(_ stream: StreamSettings, feeding source: any AnyObject) throws -> ServerConfiguration.Stream? {
        guard let substream = stream.substream, let settings = stream.substreamEncoderSettings else { return nil }
        guard let parent = source as? SubstreamFeeding else {
            // Every pipeline camstream opens can feed one; a new source kind must say so before it ships.
            preconditionFailure("source of \(stream.path) cannot feed a sub-stream")
        }
        var logger = Logger(label: "camstream.capture")
        logger[metadataKey: "stream.path"] = "\(substream.path)"
        let encoder = try SubstreamEncoder(settings: settings, captureRate: stream.fps, parentDescription: stream.path, logger: logger)
        parent.feed(encoder)
        logger.info("sub-stream fed from the capture of \(stream.path); one capture, two encoders")
        let multicast = substream.multicast.map { MulticastGroup(address: $0.group, rtpPort: $0.port, ttl: $0.ttl) }
        let encoding = ServerConfiguration.StreamEncoding(
            framesPerSecond: settings.framesPerSecond, bitrateKbps: settings.bitrateKbps, keyframeInterval: settings.keyframeInterval)
        return ServerConfiguration.Stream(
            path: substream.path, source: encoder, multicast: multicast, encoding: encoding, substreamOf: stream.path)
    }
}
