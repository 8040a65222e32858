import Testing

@testable import StreamerServer

/// The answer to a request the parser refuses echoes its CSeq when it can be read (RFC 2326 §12.17): it used to
/// come without one, and clients that match answers by CSeq could not tell what had been refused.
@Suite struct MalformedRequestCSeqTests {
    static let head = RTSPConformanceTests.head

    @Test func aMalformedRequestIsAnsweredWithItsCSeq() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("SETUP rtsp://h/cam RTSP/1.0\r\nCSeq: 7\r\nContent-Length: x\r\n\r\n")
                == "RTSP/1.0 400 Bad Request\r\nCSeq: 7\r\n\(Self.head)Connection: close\r\n\r\n")
        #expect(!conversation.channel.isActive)
    }

    @Test func aMalformedRequestWithoutAReadableCSeqIsAnsweredWithout() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("SETUP rtsp://h/cam RTSP/1.0\r\nCSeq: seven\r\nContent-Length: x\r\n\r\n")
                == "RTSP/1.0 400 Bad Request\r\n\(Self.head)Connection: close\r\n\r\n")
    }

    @Test func byteAtATimeTheAnswerIsTheSame() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.sendByteAtATime("OPTIONS * RTSP/1.1\r\nCSeq: 31\r\n\r\n")
                == "RTSP/1.0 505 RTSP Version not supported\r\nCSeq: 31\r\n\(Self.head)Connection: close\r\n\r\n")
    }
}
