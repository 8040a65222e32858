import Testing

@testable import StreamerServer

/// Behind NAT, the session description names the router's public address, not the camera's own.
@Suite struct PublicAddressSDPTests {
    @Test func describeCarriesThePublicAddressInOriginAndConnection() throws {
        let conversation = try RTSPConversation(publicAddress: "203.0.113.7")
        let response = try conversation.send("DESCRIBE rtsp://203.0.113.7:8554/cam RTSP/1.0\r\nCSeq: 2\r\n\r\n")
        let body = try #require(response.split(separator: "\r\n\r\n", maxSplits: 1).last)
        #expect(
            body.hasPrefix("v=0\r\no=- \(conversation.stream.sessionID) 1 IN IP4 203.0.113.7\r\ns=camstream\r\nc=IN IP4 203.0.113.7\r\n"))
        #expect(!body.contains("127.0.0.1"))
    }

    @Test func aPublicNameIsWrittenAsGiven() throws {
        let conversation = try RTSPConversation(publicAddress: "cam.example.org")
        let response = try conversation.send("DESCRIBE rtsp://cam.example.org:8554/cam RTSP/1.0\r\nCSeq: 2\r\n\r\n")
        #expect(response.contains("\r\no=- \(conversation.stream.sessionID) 1 IN IP4 cam.example.org\r\n"))
        #expect(response.contains("\r\nc=IN IP4 cam.example.org\r\n"))
    }

    @Test func withoutOneTheLocalAddressAndAnUnspecifiedConnectionRemain() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 2\r\n\r\n")
        #expect(response.contains("\r\no=- \(conversation.stream.sessionID) 1 IN IP4 127.0.0.1\r\n"))
        #expect(response.contains("\r\nc=IN IP4 0.0.0.0\r\n"))
    }
}
