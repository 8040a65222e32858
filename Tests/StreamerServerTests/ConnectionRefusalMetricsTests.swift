import Testing

@testable import StreamerServer

/// Connections refused at the door, counted in `camstream_connections_refused_total` on the real listeners: on
/// the RTSP port the tunnel sniffer asks first and hands a refused connection to the RTSP handler, which asks
/// again and answers; the count must still be one per connection. Ports 3186x are this test's own.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionRefusalMetricsTests {
    @Test func eachRefusedConnectionIsCountedOnceOnEitherPort() async throws {
        let server = try await LoopbackServer(rtpPorts: 31860...31869, limits: ServerLimits(maxConnections: 2), http: true)
        defer { Task { await server.stop() } }
        // The two places: one RTSP connection, and the HTTP one the metrics are read on.
        let rtsp = try await LoopbackRTSPClient(port: server.port)
        #expect(try await rtsp.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")?.status == .ok)
        let metrics = try await HTTPKeepAliveTests.RawClient(port: server.httpPort)
        try await metrics.send(HTTPKeepAliveTests.get("/api/status"))
        #expect(await metrics.read(responses: 1).hasPrefix("HTTP/1.1 200 OK\r\n"))

        let refusedRTSP = try await LoopbackRTSPClient(port: server.port)
        #expect(await refusedRTSP.response()?.status == .serviceUnavailable)
        let refusedHTTP = try await HTTPKeepAliveTests.RawClient(port: server.httpPort)
        let answer = await refusedHTTP.read(responses: 1)
        #expect(answer.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(answer)")
        #expect(answer.hasSuffix("camstream: the server has its maximum of 2 connections\n"))

        try await metrics.send(HTTPKeepAliveTests.get("/metrics"))
        var exposition = await metrics.read(responses: 1)
        // The body may come in several reads; its last family is the process' start time.
        while !exposition.contains("# TYPE process_start_time_seconds"), let more = await metrics.received.next(timeout: .seconds(5)) {
            exposition += more
        }
        #expect(exposition.contains("camstream_connections_refused_total{reason=\"server_connection_limit\"} 2\n"), "\(exposition)")
        #expect(exposition.contains("camstream_connections_refused_total{reason=\"address_connection_limit\"} 0\n"))
        await rtsp.close()
        await refusedRTSP.close()
    }
}
