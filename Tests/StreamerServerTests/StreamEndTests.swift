import Logging
import NIOCore
import NIOPosix
import RTSP
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

    /// An encoder that fails on its first frame ends its stream before the server has finished starting: the
    /// server still fails, and says so to `onFailing` first.
    @Test func aStreamThatEndsInsideItsStartFailsTheServer() async throws {
        let source = try SteppedEncoderSource(endingAtStart: "x264_encoder_open failed")
        let failing = AsyncStream<String>.makeStream()
        let server = try RTSPServer(
            configuration: ServerConfiguration(bindAddresses: ["127.0.0.1"], rtspPort: 0, streams: [.init(path: "cam", source: source)]),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: Logger(label: "test"),
            onFailing: { failing.continuation.yield($0) })
        let task = Task { try await server.run() }
        var reasons = failing.stream.makeAsyncIterator()
        #expect(await reasons.next() == "every stream has ended (stream 'cam': x264_encoder_open failed)")
        await #expect(throws: ServerError.allStreamsEnded("stream 'cam': x264_encoder_open failed")) { try await task.value }
    }

    /// One stream of two ending at its start leaves the other serving; the server fails when that one ends too.
    @Test func theServerFailsOnlyWhenTheLastStreamHasEnded() async throws {
        let dead = try SteppedEncoderSource(endingAtStart: "camera gone")
        let live = try SteppedEncoderSource()
        let listening = AsyncStream<Int>.makeStream()
        let server = try RTSPServer(
            configuration: ServerConfiguration(
                bindAddresses: ["127.0.0.1"], rtspPort: 0, streams: [.init(path: "door", source: dead), .init(path: "cam", source: live)]),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), logger: Logger(label: "test"),
            onListening: { listening.continuation.yield($0.port ?? 0) })
        let task = Task { try await server.run() }
        var ports = listening.stream.makeAsyncIterator()
        let port = try #require(await ports.next())

        let client = try await LoopbackRTSPClient(port: port)
        let answer = try #require(await client.send("DESCRIBE rtsp://127.0.0.1:\(port)/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n"))
        #expect(answer.status == .ok, "the live stream stopped serving when the other ended")
        await client.close()

        live.end(reason: "encoder failed")
        await #expect(throws: ServerError.allStreamsEnded("stream 'cam': encoder failed")) { try await task.value }
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
