import NIOCore
import Testing

@testable import StreamerServer

/// A read may bring at most `maxPipelinedRequests` requests (16): a client that keeps no more than that many ahead
/// of their answers never has more unread at the server. More in one read closes the connection instead of being
/// answered in one turn of the event loop, which every viewer's frames would wait for (AttackTests' never-reading
/// pipeliner: 900 DESCRIBEs in a 64 KiB read made the stream skip frames for everyone).
@Suite struct PipelinedReadTests {
    static func options(_ cseq: Int) -> String { "OPTIONS * RTSP/1.0\r\nCSeq: \(cseq)\r\n\r\n" }

    @Test func sixteenRequestsInOneReadAreAllAnswered() throws {
        let conversation = try RTSPConversation()
        let answers = try conversation.send((1...16).map(Self.options).joined())
        #expect(answers.components(separatedBy: "RTSP/1.0 200 OK\r\n").count - 1 == 16)
        #expect(conversation.channel.isActive)
        // The count is per read: as many again in the next one are answered too.
        #expect(try conversation.send((17...32).map(Self.options).joined()).hasSuffix("CSeq: 32\r\nServer: camstream\r\nPublic: \(RTSPConformanceTests.allMethods)\r\n\r\n"))
    }

    @Test func aSeventeenthInOneReadClosesTheConnectionAfterSixteenAnswers() throws {
        let conversation = try RTSPConversation()
        let answers = try conversation.send((1...900).map(Self.options).joined())
        #expect(answers.components(separatedBy: "RTSP/1.0 200 OK\r\n").count - 1 == 16)
        #expect(!answers.contains("CSeq: 17\r\n"))
        #expect(!conversation.channel.isActive)
        let other = try conversation.secondConnection()
        #expect(try other.send(Self.options(1)).hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 1\r\n"))
    }
}
