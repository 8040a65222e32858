import LogTestSupport
import NIOCore
import RTSP
import RTSPAuth
import Testing

@testable import StreamerServer

/// A session belongs to the client that set it up: another address (or, with users configured, another user)
/// that names its id gets exactly the answer an unknown id gets, and the session is untouched. Before, anyone who
/// learnt an id could PLAY, PAUSE or TEARDOWN it, and a SETUP naming it moved the viewer's media to the caller.
@Suite struct SessionOwnershipTests {
    static let head = RTSPConformanceTests.head
    static let notFound = "RTSP/1.0 454 Session Not Found\r\nCSeq: 5\r\n\(RTSPConformanceTests.head)\r\n"

    /// Every method that names a session, on the stream's URL and on `*`.
    static let foreignRequests = [
        "PLAY rtsp://h/cam RTSP/1.0", "PAUSE rtsp://h/cam RTSP/1.0", "TEARDOWN rtsp://h/cam RTSP/1.0",
        "GET_PARAMETER rtsp://h/cam RTSP/1.0",
        "SET_PARAMETER rtsp://h/cam RTSP/1.0", "GET_PARAMETER * RTSP/1.0", "SET_PARAMETER * RTSP/1.0", "PLAY * RTSP/1.0",
        "TEARDOWN * RTSP/1.0",
    ]

    @Test(arguments: foreignRequests)
    func anotherAddressGetsWhatAnUnknownIDGets(requestLine: String) throws {
        let log = LogRecorder()
        let owner = try RTSPConversation(logger: log.logger, peer: "192.0.2.10")
        let (session, _) = try owner.play()
        let stranger = try owner.secondConnection(from: "192.0.2.66")
        let before = try #require(owner.server.session(id: session)).lastActivity
        owner.advance(seconds: 5)

        let answer = try stranger.send("\(requestLine)\r\nCSeq: 5\r\nSession: \(session)\r\n\r\n")
        let unknown = try stranger.send("\(requestLine)\r\nCSeq: 5\r\nSession: 0123456789ABCDEF\r\n\r\n")
        #expect(answer == Self.notFound)
        #expect(unknown == answer, "the answer must not tell a foreign session from an unknown one")

        let kept = try #require(owner.server.session(id: session), "the session survives")
        #expect(kept.state == .playing)
        #expect(kept.lastActivity == before, "a stranger's request is not a keep-alive")
        try owner.produce()
        #expect(try owner.frames().contains { $0.channel == 0 }, "its media still flows to its owner")
        #expect(log.levels(of: "request for another client's session refused") == [.notice])
        #expect(
            log.all.contains {
                $0.contains("request for another client's session refused") && $0.contains("192.0.2.66") && $0.contains(session)
            })
    }

    /// The hijack: a SETUP naming someone else's session would have moved its media to the caller's connection.
    @Test func aSetupNamingAnotherClientsSessionDoesNotMoveItsMedia() throws {
        let owner = try RTSPConversation(peer: "192.0.2.10")
        let session = try owner.setupInterleaved()
        let stranger = try owner.secondConnection(from: "192.0.2.66")
        #expect(
            try stranger.send(
                "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 5\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"
            ) == Self.notFound)
        _ = try owner.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
        try owner.produce()
        #expect(try owner.responses().hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 2\r\n"))
        #expect(try owner.frames().contains { $0.channel == 0 })
        #expect(try stranger.frames().isEmpty, "nothing reaches the stranger")
    }

    /// OPTIONS naming another client's session is still answered (it is about the server), without the session.
    @Test func optionsWithAForeignSessionDoesNotConfirmIt() throws {
        let owner = try RTSPConversation(peer: "192.0.2.10")
        let session = try owner.setupInterleaved()
        let stranger = try owner.secondConnection(from: "192.0.2.66")
        let answer = try stranger.send("OPTIONS * RTSP/1.0\r\nCSeq: 5\r\nSession: \(session)\r\n\r\n")
        #expect(answer.hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 5\r\n"))
        #expect(RTSPConversation.header("Session", in: answer) == nil)
        #expect(
            RTSPConversation.header("Session", in: try owner.send("OPTIONS * RTSP/1.0\r\nCSeq: 6\r\nSession: \(session)\r\n\r\n")) != nil)
    }

    /// RFC 2326 §3.4: the same client may control its session from another connection.
    @Test func theSameAddressOnAnotherConnectionStillControlsIt() throws {
        let owner = try RTSPConversation(peer: "192.0.2.10")
        let session = try owner.setupInterleaved()
        let other = try owner.secondConnection(from: "192.0.2.10")
        #expect(
            try other.send("GET_PARAMETER * RTSP/1.0\r\nCSeq: 5\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 5\r\n\(Self.head)Session: \(session);timeout=60\r\n\r\n")
    }

    /// With users configured, the same address is not enough: the session is its user's.
    @Test func anotherUserAtTheSameAddressGetsWhatAnUnknownIDGets() throws {
        let users = [
            UserCredentials(name: "alice", password: "wonderland", realm: ServerConfiguration.realm),
            UserCredentials(name: "bob", password: "builder", realm: ServerConfiguration.realm),
        ]
        let log = LogRecorder()
        let alice = try RTSPConversation(logger: log.logger, peer: "192.0.2.10", users: users)
        let aliceAuth = "Authorization: Basic \(Self.base64("alice:wonderland"))\r\n"
        let bobAuth = "Authorization: Basic \(Self.base64("bob:builder"))\r\n"
        let setup = try alice.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\n\(aliceAuth)Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        let session = try SessionHeader(parsing: try #require(RTSPConversation.header("Session", in: setup), "\(setup)")).id
        #expect(alice.server.session(id: session)?.owner == SessionOwner(address: "192.0.2.10", user: "alice"))

        let bob = try alice.secondConnection(from: "192.0.2.10")
        #expect(try bob.send("TEARDOWN rtsp://h/cam RTSP/1.0\r\nCSeq: 5\r\n\(bobAuth)Session: \(session)\r\n\r\n") == Self.notFound)
        #expect(alice.server.session(id: session) != nil)
        #expect(log.count(of: "request for another client's session refused") == 1)
        #expect(
            try bob.send("TEARDOWN rtsp://h/cam RTSP/1.0\r\nCSeq: 6\r\n\(aliceAuth)Session: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 6\r\n\(Self.head)\r\n")
        #expect(alice.server.session(id: session) == nil)
    }

    /// Basic credentials, spelt out: the tests need no encoder of their own for two fixed strings.
    static func base64(_ text: String) -> String {
        ["alice:wonderland": "YWxpY2U6d29uZGVybGFuZA==", "bob:builder": "Ym9iOmJ1aWxkZXI="][text]!
    }
}
