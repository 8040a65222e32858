import RTSP
import Testing

@testable import StreamerServer

/// Refusals are logged as notices, except a TEARDOWN of a session that has already ended: ffmpeg sends one after
/// every stream the server ends, and a log full of them would hide the refusals that matter.
@Suite(.timeLimit(.minutes(1)))
struct RefusalLogTests {
    @Test func aLateTeardownIsDebugWhileOtherRefusalsAreNotices() async throws {
        let server = try await LoopbackServer(rtpPorts: 31310...31319)
        let client = try await LoopbackRTSPClient(port: server.port)
        let teardown = try await client.send("TEARDOWN rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\nSession: 12345678\r\n\r\n")
        #expect(teardown?.status == .sessionNotFound)
        let play = try await client.send("PLAY rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 2\r\nSession: 12345678\r\n\r\n")
        #expect(play?.status == .sessionNotFound)
        #expect(await server.log.wait(for: "request refused", count: 2))
        #expect(server.log.levels(of: "request refused") == [.debug, .notice])
        await client.close()
        await server.stop()
    }
}
