import Logging
import NIOCore
import NIOPosix
import Testing

@testable import StreamerServer

/// A source that ends for good (the encoder failed, the camera will not come back) leaves nothing to serve:
/// the server says so once and fails, so the process exits non-zero and systemd restarts it.
@Suite(.timeLimit(.minutes(1)))
struct StreamEndTests {
    @Test func whenEveryStreamHasEndedTheServerFails() async throws {
        let source = try SteppedEncoderSource()
        let listening = AsyncStream<Int>.makeStream()
        let server = try RTSPServer(
            configuration: ServerConfiguration(bindAddresses: ["127.0.0.1"], rtspPort: 0, streams: [.init(path: "cam", source: source)]),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: Logger(label: "test"),
            onListening: { listening.continuation.yield($0.port ?? 0) })
        async let outcome: Error? = {
            do {
                try await server.run()
                return nil
            } catch {
                return error
            }
        }()
        var ports = listening.stream.makeAsyncIterator()
        #expect(await ports.next() != nil)
        source.end(reason: "x264_encoder_encode failed")
        let error = await outcome
        #expect((error as? ServerError) == .allStreamsEnded("stream 'cam': x264_encoder_encode failed"))
    }

    @Test func cancellationStillEndsTheServerCleanly() async throws {
        let source = try SteppedEncoderSource()
        let listening = AsyncStream<Void>.makeStream()
        let server = try RTSPServer(
            configuration: ServerConfiguration(bindAddresses: ["127.0.0.1"], rtspPort: 0, streams: [.init(path: "cam", source: source)]),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: Logger(label: "test"),
            onListening: { _ in listening.continuation.yield() })
        let task = Task { try await server.run() }
        var started = listening.stream.makeAsyncIterator()
        #expect(await started.next() != nil)
        task.cancel()
        #expect(await task.result.isSuccess)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { true } else { false }
    }
}
