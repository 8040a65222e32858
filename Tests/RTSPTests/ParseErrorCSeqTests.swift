import RTSP
import Testing

/// A refused request still names its CSeq when it can be read, so the client can match the answer to what it
/// sent (RFC 2326 §12.17); the same whether the bytes come all at once or one at a time.
@Suite struct ParseErrorCSeqTests {
    @Test(arguments: [
        ("OPTIONS * RTSP/2.0\r\nCSeq: 7\r\n\r\n", "7"),
        ("SETUP rtsp://h/cam RTSP/1.0\r\ncseq:   42  \r\nContent-Length: x\r\n\r\n", "42"),
        ("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "3"),
        ("SET_PARAMETER * RTSP/1.0\r\nCSeq: 999999999999999999\r\nContent-Length: 99999999999999999999\r\n\r\n", "999999999999999999"),
        ("PLAY rtsp://h/cam RTSP/1.0\nCSeq: 5\nbroken header line\n\n", "5"),
        ("HELLO\r\nCSeq: 9\r\n\r\n", "9"),
        ("PLAY rtsp://h/cam RTSP/1.0\r\nX: \u{1}\r\nCSeq: 11\r\n\r\n", "11"),
    ])
    func aReadableCSeqComesWithTheError(wire: String, cseq: String) throws {
        let bytes = Array(wire.utf8)
        let allAtOnce = outcome(chunks: [bytes[...]])
        let byteAtATime = outcome(chunks: bytes.indices.map { bytes[$0...$0] })
        let error = try #require(allAtOnce.error)
        #expect(error.cseq == cseq)
        #expect(byteAtATime.error == error)
    }

    /// A CSeq that is not a plain number is not echoed: what the client meant by it is unknown.
    @Test(arguments: [
        "OPTIONS * RTSP/2.0\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq: -1\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq: +1\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq: 1 2\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq:\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq: 1234567890123456789\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nCSeq: \u{1}\r\n\r\n",
        "OPTIONS * RTSP/2.0\r\nX-CSeq: 1\r\n\r\n",
    ])
    func anUnreadableCSeqIsLeftOut(wire: String) throws {
        let error = try #require(parseError(wire))
        #expect(error.cseq == nil)
    }

    /// A head too long for the limit: the CSeq among its first bytes is still found.
    @Test func anOversizedHeadKeepsItsCSeq() throws {
        let limits = RTSPMessageParser.Limits(maxStartLineAndHeaderBytes: 256)
        let wire = "OPTIONS * RTSP/1.0\r\nCSeq: 12\r\nX-Filler: \(String(repeating: "a", count: 400))\r\n\r\n"
        let error = try #require(parseError(wire, limits: limits))
        #expect(error.status == .requestEntityTooLarge)
        #expect(error.cseq == "12")
    }
}
