import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOPosix
import RTCP
import RTSP
import Testing
import VideoPipeline
import X264Encoder

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

    /// A PLAY waits for the next keyframe: until it is answered nothing more is read, so requests cannot pile up
    /// behind it beyond what one read brought.
    @Test func nothingIsReadWhileARequestWaitsForItsAnswer() throws {
        let conversation = try RTSPConversation()
        let reads = ReadCounter()
        try conversation.channel.pipeline.syncOperations.addHandler(reads, position: .first)
        let session = try conversation.setupInterleaved()
        #expect(try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n") == "")
        conversation.channel.read()
        #expect(reads.count == 0, "a read went to the socket while the PLAY waited")

        try conversation.produce(1)
        #expect(try conversation.responses().hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 2\r\n"))
        #expect(reads.count == 1, "the held read was not passed on once the PLAY was answered")
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
            rtpPorts: 31900...31901,
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

        #expect(
            await server.log.wait(for: "client is not reading what it is sent", timeout: 30),
            "not closed for the stall: \(server.log.all.filter { $0.contains("closing") || $0.contains("error") })")
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

/// A TCP viewer that takes the stream more slowly than it comes (a third of its bitrate) fills its queue over and
/// over, and drains it over and over: it is never cut off, however often, it keeps getting frames, and its RTCP
/// receiver reports keep being read. The stall timeout here is 1 s; the viewer watches for 4.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SlowTCPViewerBackPressureTests {
    @Test func aSlowTCPViewerIsReadAndServedAndNeverCutOff() async throws {
        let pipeline = try TestPatternPipeline(
            settings: EncoderSettings(width: 640, height: 360, framesPerSecond: 30, bitrateKbps: 4000, keyframeInterval: 60),
            logger: Logger(label: "test.capture"))
        let server = try await LoopbackServer(
            rtpPorts: 31902...31903,
            limits: ServerLimits(interleavedQueueBytes: 16 * 1024, connectionSendBufferBytes: 4096, outboundStallTimeoutSeconds: 1),
            liveSources: ["cam": pipeline])
        let url = "rtsp://127.0.0.1:\(server.port)/cam"
        let viewer = SlowViewerHandler()
        // 2 KiB per read, one read per call: the test decides how fast the viewer takes the stream.
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 2048))
            .channelOption(.maxMessagesPerRead, value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(viewer)
                }
            }
            .connect(host: "127.0.0.1", port: server.port).get()
        try await channel.writeAndFlush(
            ByteBuffer(string: "SETUP \(url)/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"))
        #expect(await viewer.responses.next()?.status == .ok)
        let session = try #require(try await server.server.viewerStatistics().first?.sessionID)
        try await channel.writeAndFlush(ByteBuffer(string: "PLAY \(url)/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n"))
        #expect(await viewer.responses.next()?.status == .ok)
        try await channel.setOption(.autoRead, value: false).get()

        // 4 s at 2 KiB every 10 ms, 200 KB/s against the stream's 500; a receiver report every half second.
        for step in 1...400 {
            channel.read()
            if step % 50 == 0, let ssrc = viewer.ssrc {
                var report = ByteBuffer()
                report.writeRTCPPacket(.receiverReport(ReceiverReport(ssrc: 7, reportBlocks: [ReportBlock(ssrc: ssrc)])))
                var frame = ByteBuffer()
                frame.writeInterleavedFrame(InterleavedFrame(channel: 1, payload: report))
                channel.writeAndFlush(frame, promise: nil)
            }
            try await Task.sleep(for: .milliseconds(10))
        }

        let statistics = try #require(
            try await server.server.viewerStatistics().first { $0.sessionID == session }, "the slow viewer was cut off")
        let packets = viewer.packets
        print(
            "slow TCP viewer: \(packets) RTP packets received, \(statistics.droppedAccessUnits) access units dropped, "
                + "\(statistics.receiverReports) of its receiver reports read")
        #expect(server.log.count(of: "client is not reading what it is sent") == 0)
        #expect(statistics.droppedAccessUnits > 0, "the viewer was not slow")
        #expect(packets > 100)
        #expect(statistics.receiverReports >= 6, "\(statistics)")
        try await channel.close()
        await server.stop()
    }
}

/// The slow viewer's end: counts the RTP packets that reach it, keeps the stream's SSRC, passes responses on.
final class SlowViewerHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = RTSPMessage
    let responses = Mailbox<RTSPResponse>()
    private let state = NIOLockedValueBox<(packets: Int, ssrc: UInt32?)>((0, nil))

    var packets: Int { state.withLockedValue { $0.packets } }
    var ssrc: UInt32? { state.withLockedValue { $0.ssrc } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .response(let response):
            responses.post(response)
        case .interleaved(let frame) where frame.channel == 0:
            let ssrc = frame.payload.getInteger(at: frame.payload.readerIndex + 8, as: UInt32.self)
            state.withLockedValue {
                $0.packets += 1
                if $0.ssrc == nil { $0.ssrc = ssrc }
            }
        default:
            break
        }
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
