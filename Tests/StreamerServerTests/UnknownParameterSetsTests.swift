import Testing

/// A source that cannot know its SPS/PPS yet (an H.264 camera missing since start) is answered with
/// 503 and Retry-After at DESCRIBE, instead of an SDP without parameter sets or a DESCRIBE that hangs.
@Suite struct UnknownParameterSetsTests {
    static let describe = "DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n"

    @Test func describeIsUnavailableUntilTheParameterSetsAreKnown() throws {
        let conversation = try RTSPConversation()
        conversation.source.setParameterSetsKnown(false)
        let refused = try conversation.send(Self.describe)
        #expect(refused.hasPrefix("RTSP/1.0 503 Service Unavailable\r\nCSeq: 2\r\n"))
        #expect(refused.contains("\r\nRetry-After: 2\r\n"))
        #expect(!refused.contains("application/sdp"))

        conversation.source.setParameterSetsKnown(true)
        let answered = try conversation.send(Self.describe)
        #expect(answered.hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 2\r\n"))
        #expect(answered.contains("sprop-parameter-sets=\(conversation.source.parameterSets.spropParameterSets)"))
    }
}
