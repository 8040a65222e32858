import Testing

@testable import StreamerServer

/// Bytes that are not a request, arriving while an earlier request still waits for its answer (a PLAY waits for
/// the next keyframe): the `400 … Connection: close` used to be written at once, ahead of that answer, so the client
/// took it for the PLAY's. Found by FuzzRTSPConnection (its in-order-answers invariant); the farewell now follows
/// the answers owed.
@Suite struct MalformedAfterPendingAnswerTests {
    static let head = RTSPConformanceTests.head

    @Test func theRefusalComesAfterThePendingPlaysAnswer() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        // No frame yet: the PLAY is answered when the keyframe comes.
        #expect(try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n") == "")
        #expect(try conversation.send("SETUP rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\nContent-Length: x\r\n\r\n") == "")
        #expect(conversation.channel.isActive, "closed before the PLAY was answered")
        try conversation.produce(1)
        let answers = try conversation.responses()
        let play = try #require(answers.range(of: "RTSP/1.0 200 OK\r\nCSeq: 2\r\n"), "\(answers)")
        let refusal = try #require(answers.range(of: "RTSP/1.0 400 Bad Request\r\nCSeq: 3\r\n"), "\(answers)")
        #expect(play.lowerBound < refusal.lowerBound, "\(answers)")
        #expect(answers.hasSuffix("RTSP/1.0 400 Bad Request\r\nCSeq: 3\r\n\(Self.head)Connection: close\r\n\r\n"), "\(answers)")
        #expect(!conversation.channel.isActive)
    }

    @Test func aPendingAnswerThatNeverComesClosesAtTheRequestTimeout() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        _ = try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
        _ = try conversation.send("garbage that is no request\r\n\r\n")
        #expect(conversation.channel.isActive)
        conversation.advance(seconds: Int64(ServerLimits().requestTimeoutSeconds))
        _ = try conversation.responses()
        #expect(!conversation.channel.isActive)
    }
}
