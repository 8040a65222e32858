import Logging
import NIOEmbedded
import Testing

@testable import StreamerServer

/// A server that has stopped leaves nothing behind once the last reference to it goes: its shared context,
/// its streams and their sources are freed. A process that makes servers one after another (the connection
/// fuzzer makes one per input, the tests dozens) must not keep every one of them.
@Suite
struct ServerReleaseTests {
    @Test func aStoppedServerFreesItsContextAndStreams() throws {
        let remains = try runAndStopServer()
        #expect(remains.context == nil, "the ServerContext outlived its server")
        #expect(remains.stream == nil, "the MediaStream outlived its server")
        #expect(remains.source == nil, "the stream's source outlived its server")
    }

    /// What is left of a server after it stopped: nil once freed.
    private final class Remains {
        weak var context: ServerContext?
        weak var stream: MediaStream?
        weak var source: SteppedEncoderSource?
    }

    /// Starts a server, lets frames flow, stops it, and keeps only weak references.
    private func runAndStopServer() throws -> Remains {
        let remains = Remains()
        let loop = EmbeddedEventLoop()
        let source = try SteppedEncoderSource()
        let server = ServerContext(
            configuration: ServerConfiguration(streams: [.init(path: "cam", source: source)]), eventLoop: loop, logger: Logger(label: "test"))
        for stream in server.streams.values { try stream.start() }
        server.startReaping()
        try source.produce(3)
        loop.run()
        remains.context = server
        remains.stream = server.streams["cam"]
        remains.source = source
        server.stop()
        for stream in server.streams.values { stream.stop() }
        try loop.syncShutdownGracefully()
        return remains
    }
}
