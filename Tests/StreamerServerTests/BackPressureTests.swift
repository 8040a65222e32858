import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import RTSP
import Testing

@testable import StreamerServer

/// A client that sends requests and never reads the answers costs the server a bounded queue, for a bounded time:
/// once the connection's queue is full the server reads and answers nothing more from it, and closes it if the
/// queue stays full for `outboundStallTimeoutSeconds`. Everyone else is served meanwhile.
@Suite(.timeLimit(.minutes(1)))
struct BackPressureTests {
    static func options(cseq: Int) -> String { "OPTIONS * RTSP/1.0\r\nCSeq: \(cseq)\r\n\r\n" }

    /// The value of a numeric metadata key in a recorded log line.
    static func number(after key: String, in line: String) -> Int? {
        guard let range = line.range(of: key) else { return nil }
        return Int(line[range.upperBound...].drop { !$0.isNumber }.prefix(while: \.isNumber))
    }

    /// The channel's queue passing its high-water mark, or draining to its low one, as NIOPosix reports it.
    static func setWritable(_ writable: Bool, _ conversation: RTSPConversation) {
        conversation.channel.isWritable = writable
        conversation.channel.pipeline.fireChannelWritabilityChanged()
    }

    @Test func nothingIsReadOrAnsweredWhileTheQueueIsFullAndAnswersResumeInOrder() throws {
        let conversation = try RTSPConversation()
        let reads = ReadCounter()
        try conversation.channel.pipeline.syncOperations.addHandler(reads, position: .first)

        conversation.channel.read()
        #expect(reads.count == 1)
        Self.setWritable(false, conversation)
        conversation.channel.read()
        #expect(reads.count == 1, "a read went to the socket while the queue was full")
        // Requests read before the queue filled wait, unanswered.
        #expect(try conversation.send((1...3).map(Self.options).joined()) == "")

        Self.setWritable(true, conversation)
        #expect(reads.count == 2, "the held read was not passed on once the queue drained")
        let answers = try conversation.responses()
        let cseqs = answers.split(separator: "\r\n").filter { $0.hasPrefix("CSeq: ") }
        #expect(cseqs == ["CSeq: 1", "CSeq: 2", "CSeq: 3"], "\(answers)")
        #expect(answers.components(separatedBy: "RTSP/1.0 200 OK\r\n").count == 4, "\(answers)")
    }

    @Test func aQueueThatStaysFullClosesTheConnectionAtTheStallTimeout() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(outboundStallTimeoutSeconds: 30))
        Self.setWritable(false, conversation)
        conversation.loop.advanceTime(by: .seconds(30) - .milliseconds(1))
        #expect(conversation.channel.isActive)
        conversation.loop.advanceTime(by: .milliseconds(1))
        #expect(!conversation.channel.isActive)
    }

    /// A slow viewer drains its queue now and then: every drain starts the stall timeout afresh.
    @Test func aQueueThatDrainsInTimeKeepsTheConnection() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(outboundStallTimeoutSeconds: 30))
        for cseq in 1...4 {
            Self.setWritable(false, conversation)
            conversation.loop.advanceTime(by: .seconds(25))
            Self.setWritable(true, conversation)
            // Its keep-alive, read and answered while the queue has room.
            #expect(try conversation.send(Self.options(cseq: cseq)).hasPrefix("RTSP/1.0 200 OK\r\nCSeq: \(cseq)\r\n"))
            conversation.loop.advanceTime(by: .seconds(1))
        }
        #expect(conversation.channel.isActive)
    }

    /// Thousands of requests in one read, arriving as the queue fills: no answer is queued for them, the waiting
    /// requests pass `maxPipelinedRequests` and the connection is closed; a second client is answered as before.
    @Test func aBurstOfPipelinedRequestsWhileTheQueueIsFullIsCutOff() throws {
        let conversation = try RTSPConversation()
        Self.setWritable(false, conversation)
        try conversation.channel.writeInbound(ByteBuffer(string: (1...2000).map(Self.options).joined()))
        #expect(try conversation.responses() == "")
        #expect(!conversation.channel.isActive)

        let other = try conversation.secondConnection()
        #expect(try other.send(Self.options(cseq: 1)).hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 1\r\n"))
    }

    /// Real sockets: a client pipelines DESCRIBE (no credentials needed, and an answer of 600 bytes) and never reads.
    /// Each request carries 4.5 KiB of padding, so one read of the server's (64 KiB at most) holds fewer than
    /// `maxPipelinedRequests` of them and only the stall timeout can end the connection. The server must stop
    /// reading with its queue at the bound, serve another client meanwhile, and close the connection in time.
    @Test func aClientThatNeverReadsIsHeldAtTheBoundThenClosedWhileOthersAreServed() async throws {
        let queue = 16 * 1024
        let server = try await LoopbackServer(
            rtpPorts: 31320...31321,
            limits: ServerLimits(interleavedQueueBytes: queue, connectionSendBufferBytes: 4096, outboundStallTimeoutSeconds: 2))
        let blaster = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: server.port).get()
        let padding = String(repeating: "a", count: 4608)
        let requests = 2000
        var blast = ByteBuffer()
        for cseq in 1...requests {
            blast.writeString("DESCRIBE rtsp://127.0.0.1:\(server.port)/cam RTSP/1.0\r\nCSeq: \(cseq)\r\nX-Padding: \(padding)\r\n\r\n")
        }
        let sent = blast.readableBytes
        blaster.writeAndFlush(blast, promise: nil)

        #expect(await server.log.wait(for: "queue full; reading paused", timeout: 30), "the server never stopped reading")
        let other = try await LoopbackRTSPClient(port: server.port)
        let answer = try #require(await other.send(Self.options(cseq: 1)))
        #expect(answer.status == .ok)

        #expect(await server.log.wait(for: "client is not reading what it is sent", timeout: 30), "the connection was not closed")
        try await blaster.closeFuture.get()
        let read = server.log.count(of: "DESCRIBE")
        let closing = try #require(server.log.all.first { $0.contains("client is not reading what it is sent") })
        let queued = Self.number(after: "rtsp.queued_bytes", in: closing) ?? .max
        print(
            "never-reading client: sent \(requests) requests (\(sent) bytes); the server read \(read) of them and held \(queued) bytes "
                + "for the connection when it closed it")
        // At most the high-water mark and the one answer that crossed it.
        #expect(queued <= queue + 1024, "\(closing)")
        #expect(read < requests / 4, "the server went on reading")
        await other.close()
        await server.stop()
    }
}

/// Counts the reads that reach the head of the pipeline, where NIOPosix would read the socket.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    private(set) var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}
