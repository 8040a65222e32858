import NIOCore
import NIOPosix
import Testing

@testable import StreamerServer

/// HTTP/1.1 persistent connections on the real HTTP listener over loopback: several requests on one connection,
/// pipelined ones answered in order and one at a time, `Connection: close` and HTTP/1.0 honoured, and an idle
/// connection closed at the request timeout.
@Suite(.timeLimit(.minutes(1)))
struct HTTPKeepAliveTests {
    /// A raw TCP client: bytes out, everything that came back, and whether the server closed.
    final class RawClient: Sendable {
        let channel: Channel
        let received = Mailbox<String>()

        init(port: Int) async throws {
            let received = received
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Text made on the loop: the read buffer's storage never leaves it (`ByteBuffer.ownedCopy`).
                        try channel.pipeline.syncOperations.addHandler(MailboxHandler(received) { (bytes: ByteBuffer) in String(buffer: bytes) })
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        }

        func send(_ text: String) async throws {
            try await channel.writeAndFlush(ByteBuffer(string: text))
        }

        /// What arrived until `responses` status lines have come (or 5 s passed).
        func read(responses: Int) async -> String {
            var text = ""
            while text.components(separatedBy: "HTTP/1.1 ").count - 1 < responses, let chunk = await received.next(timeout: .seconds(5)) {
                text += chunk
            }
            return text
        }

        /// True once the server has closed the connection, within `timeout`.
        func closedByServer(within timeout: Duration) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if !channel.isActive { return true }
                _ = await received.next(timeout: .milliseconds(100))  // a wait for bytes or the close, with a deadline
            }
            return !channel.isActive
        }
    }

    static func get(_ path: String, version: String = "HTTP/1.1", headers: String = "") -> String {
        "GET \(path) \(version)\r\nHost: 127.0.0.1\r\n\(headers)\r\n"
    }

    @Test func severalRequestsShareOneConnectionAndPipelinedOnesAreAnsweredInOrder() async throws {
        let server = try await LoopbackServer(rtpPorts: 31820...31829, http: true)
        defer { Task { await server.stop() } }
        let client = try await RawClient(port: server.httpPort)
        try await client.send(Self.get("/api/status"))
        let first = await client.read(responses: 1)
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(first)")
        #expect(!first.lowercased().contains("connection: close"))
        // Three pipelined in one write: three answers, in the order asked, on the same connection.
        try await client.send(Self.get("/metrics") + Self.get("/nothing") + Self.get("/api/status"))
        let three = await client.read(responses: 3)
        // Bodies end in "\n", so each status line starts a line ("\r\n" is one Character to Swift).
        let statuses = three.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { $0.hasPrefix("HTTP/1.1 ") }
        #expect(statuses == ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"], "\(three)")
        #expect(three.contains("# TYPE camstream_viewers gauge"))
        #expect(client.channel.isActive)
        // The client's `Connection: close` ends it after the answer.
        try await client.send(Self.get("/api/status", headers: "Connection: close\r\n"))
        let last = await client.read(responses: 1)
        #expect(last.contains("Connection: close\r\n"), "\(last)")
        #expect(await client.closedByServer(within: .seconds(5)))
    }

    @Test func http10WithoutKeepAliveIsClosedAndWithItIsKept() async throws {
        let server = try await LoopbackServer(rtpPorts: 31830...31839, http: true)
        defer { Task { await server.stop() } }
        let plain = try await RawClient(port: server.httpPort)
        try await plain.send(Self.get("/api/status", version: "HTTP/1.0"))
        #expect(await plain.read(responses: 1).contains("Connection: close\r\n"))
        #expect(await plain.closedByServer(within: .seconds(5)))

        let kept = try await RawClient(port: server.httpPort)
        try await kept.send(Self.get("/api/status", version: "HTTP/1.0", headers: "Connection: keep-alive\r\n"))
        #expect(await kept.read(responses: 1).contains("Connection: keep-alive\r\n"))
        try await kept.send(Self.get("/metrics", version: "HTTP/1.0", headers: "Connection: keep-alive\r\n"))
        #expect(await kept.read(responses: 1).hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func anIdleConnectionIsClosedAtTheRequestTimeout() async throws {
        // 3 s, not 1: in the parallel phase a starved test process could take a second to send its first request,
        // and the connection was closed (correctly) before it came.
        let server = try await LoopbackServer(
            rtpPorts: 31840...31849, limits: ServerLimits(requestTimeoutSeconds: 3), http: true)
        defer { Task { await server.stop() } }
        let client = try await RawClient(port: server.httpPort)
        // From before the request: the server's idle timer starts when its answer is written, which is after this
        // and may be well before the client, on a loaded machine, reads the answer.
        let idleSince = ContinuousClock.now
        try await client.send(Self.get("/api/status"))
        #expect(await client.read(responses: 1).hasPrefix("HTTP/1.1 200 OK"))
        #expect(await client.closedByServer(within: .seconds(10)))
        let idle = ContinuousClock.now - idleSince
        #expect(idle >= .milliseconds(2900), "closed after \(idle), before the 3 s timeout")
        #expect(await server.log.wait(for: "idle connection closed", timeout: 5))
    }

    @Test func moreThanMaxPipelinedRequestsInOneReadCloseTheConnection() async throws {
        let server = try await LoopbackServer(rtpPorts: 31850...31859, limits: ServerLimits(maxPipelinedRequests: 4), http: true)
        defer { Task { await server.stop() } }
        let client = try await RawClient(port: server.httpPort)
        // One request first: NIO's upgrade handler ends the read after a connection's first request head.
        try await client.send(Self.get("/api/status"))
        #expect(await client.read(responses: 1).hasPrefix("HTTP/1.1 200 OK"))
        try await client.send(String(repeating: Self.get("/api/status"), count: 5))
        #expect(await client.closedByServer(within: .seconds(5)))
        #expect(await server.log.wait(for: "too many pipelined requests; closing connection", timeout: 5))
    }
}
