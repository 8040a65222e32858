import Logging
import NIOCore

/// What every RTSP connection shares: the streams, the RTP port pool, settings.
/// Confined to the server's one event loop, like everything it points to.
final class ServerContext: @unchecked Sendable {
    // @unchecked: mutated only on `eventLoop`.
    let eventLoop: EventLoop
    let streams: [String: MediaStream]
    let configuration: ServerConfiguration
    let logger: Logger
    var ports: RTPPortAllocator

    init(eventLoop: EventLoop, streams: [String: MediaStream], configuration: ServerConfiguration, logger: Logger) {
        self.eventLoop = eventLoop
        self.streams = streams
        self.configuration = configuration
        self.logger = logger
        self.ports = RTPPortAllocator(range: configuration.rtpPortRange)
    }
}
