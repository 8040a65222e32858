import StreamerServer
import VideoPipeline

extension PipelineMetrics {
    /// A source counts into its stream's series of the server's registry.
    init(_ stream: StreamMetrics) {
        self.init(
            framesCaptured: stream.framesCaptured, framesEncoded: stream.framesEncoded, framesDropped: stream.framesDropped,
            encodeTime: stream.encodeDuration)
    }
}
