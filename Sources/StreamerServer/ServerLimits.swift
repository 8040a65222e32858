import RTSP

/// Bounds on what clients may make the server hold: viewers, request sizes, idle connections, and how much
/// media may wait for a slow TCP viewer. Every bound has an answer the client understands (a status code, or
/// frames dropped for that viewer alone), so hitting one never disturbs anyone else.
///
/// Together they give every RTSP connection a ceiling on the server's memory, whatever its client sends or leaves
/// unread. With the defaults:
/// - what waits to be sent: once the queue passes `interleavedQueueBytes` (256 KiB) the server reads and answers
///   nothing more from the connection (`BackPressureHandler`). After that only the write that crossed the mark
///   (an answer, < 8 KiB as it echoes at most a request head, or one access unit of the source's), one deferred
///   answer (PLAY, SETUP; < 8 KiB) and RTCP sender reports (8 sessions × 6 in the 30 s stall × ~100 B ≈ 5 KiB)
///   can join it: 256 + 8 + 8 + 5 ≈ 277 KiB, plus that one access unit;
/// - what has been read: one socket read (NIO reads at most 64 KiB at a time, and the server one read per turn)
///   and the incomplete request the decoder holds (< `maxRequestHeadBytes` + `maxRequestBodyBytes` = 72 KiB): 136 KiB;
/// - requests waiting for their answer: nothing more is read while any wait, so they are what that one read and
///   the incomplete request held, already counted above (and at most `maxPipelinedRequests`, 16: one more closes
///   the connection).
/// That is 277 + 136 ≈ 413 KiB, plus the parsed form of the waiting requests and one access unit of the source's.
/// The kernel's socket buffers come on top: SO_SNDBUF (`connectionSendBufferBytes`, doubled by Linux: 256 KiB) and
/// the receive buffer, which fills and then pushes back on the client.
public struct ServerLimits: Sendable, Hashable {
    /// Sessions one stream serves at once; SETUP beyond it is answered `453 Not Enough Bandwidth`. A Raspberry
    /// Pi's 100 Mbit/s link carries about 40 viewers of a 2 Mbit/s stream, so 32 leaves headroom.
    public var maxViewersPerStream: Int
    /// Sessions across all streams; SETUP beyond it is answered `503 Service Unavailable`.
    public var maxViewers: Int
    /// Request line plus headers, in bytes (answered `413`/`414` and the connection closed). A VLC SETUP is
    /// about 250 bytes and a DESCRIBE with Digest credentials about 600, so 8 KiB is generous.
    public var maxRequestHeadBytes: Int
    /// Header fields per request (answered `413`); real clients send fewer than 15.
    public var maxHeaderCount: Int
    /// Largest request body (`Content-Length`, answered `413`); a SET_PARAMETER body is a few lines.
    public var maxRequestBodyBytes: Int
    /// Requests a client may send ahead of their answers on one connection; more closes the connection. Counted
    /// both as requests waiting for their answer and as requests arriving in one read, which were all sent
    /// before the client could see an answer to any of them.
    public var maxPipelinedRequests: Int
    /// Seconds an RTSP connection may stay without a complete request while it has no live session; then it is
    /// closed, so half-open connections from vanished clients do not pile up.
    public var idleConnectionTimeoutSeconds: Int
    /// Bytes that may wait in the server for one TCP-interleaved viewer before its frames are dropped whole.
    /// 256 KiB is 1 s of a 2 Mbit/s stream: a brief stall is absorbed, a stuck viewer costs bounded memory.
    public var interleavedQueueBytes: Int
    /// The kernel send buffer of each RTSP connection (SO_SNDBUF; Linux doubles it for bookkeeping). Left to
    /// autotuning it grows to 4 MiB, 16 s of a 2 Mbit/s stream that a slow TCP viewer would fall behind before
    /// the server even saw it struggle; 128 KiB still carries 2 MiB/s at a 100 ms round trip.
    public var connectionSendBufferBytes: Int
    /// RTSP connections open at once; more are answered `503` and closed. Each costs a socket and a few KiB.
    public var maxConnections: Int
    /// Connections from one address at once (`503` beyond it): enough for a household behind one NAT, far
    /// too few for one host to exhaust `maxConnections` alone.
    public var maxConnectionsPerAddress: Int
    /// Seconds a request may take to arrive once its first byte has: a client trickling a request a byte at a
    /// time (slowloris) is answered `408` and closed instead of holding the connection open forever.
    public var requestTimeoutSeconds: Int
    /// Sessions one connection may set up (`453` beyond it, and the connection closed): a camera has one
    /// track per stream, so a player needs one session per stream it shows.
    public var maxSessionsPerConnection: Int
    /// Seconds a connection's queue may stay over `interleavedQueueBytes`, read from no further, before the
    /// connection is closed. Reading resumes when the queue drains to half, so only a client that takes less than
    /// half the queue (128 KiB) in 30 s, under 35 kbit/s, is cut off: no viewer of a video stream is that slow, and
    /// a client that never reads its answers holds its queue and its connection slot for 30 s at most.
    public var outboundStallTimeoutSeconds: Int
    /// Sessions one client address may hold at once, over all its connections (`453` beyond it). A household
    /// behind one NAT watches a few streams at a time; 8 of the default 64 viewers keeps one host from taking
    /// every seat, which the per-connection bound alone does not (it only takes more connections).
    public var maxSessionsPerAddress: Int

    public init(
        maxViewersPerStream: Int = 32,
        maxViewers: Int = 64,
        maxRequestHeadBytes: Int = 8192,
        maxHeaderCount: Int = 64,
        maxRequestBodyBytes: Int = 65536,
        maxPipelinedRequests: Int = 16,
        idleConnectionTimeoutSeconds: Int = 60,
        interleavedQueueBytes: Int = 256 * 1024,
        connectionSendBufferBytes: Int = 128 * 1024,
        maxConnections: Int = 256,
        maxConnectionsPerAddress: Int = 32,
        requestTimeoutSeconds: Int = 10,
        maxSessionsPerConnection: Int = 8,
        outboundStallTimeoutSeconds: Int = 30,
        maxSessionsPerAddress: Int = 8
    ) {
        self.maxViewersPerStream = maxViewersPerStream
        self.maxViewers = maxViewers
        self.maxRequestHeadBytes = maxRequestHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.maxPipelinedRequests = maxPipelinedRequests
        self.idleConnectionTimeoutSeconds = idleConnectionTimeoutSeconds
        self.interleavedQueueBytes = interleavedQueueBytes
        self.connectionSendBufferBytes = connectionSendBufferBytes
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxSessionsPerConnection = maxSessionsPerConnection
        self.outboundStallTimeoutSeconds = outboundStallTimeoutSeconds
        self.maxSessionsPerAddress = maxSessionsPerAddress
    }

    /// Connections to allow for `viewers` at once: every viewer may keep its RTSP connection open (players
    /// send their keep-alives on it), plus room for players that only ask (OPTIONS, DESCRIBE), and never
    /// fewer than the default.
    public static func connections(forViewers viewers: Int) -> Int {
        max(ServerLimits().maxConnections, viewers + 64)
    }

    /// The parser bounds these limits imply (the connection fuzzer parses what it sends with the same).
    @_spi(Fuzzing) public var parserLimits: RTSPMessageParser.Limits {
        RTSPMessageParser.Limits(
            maxStartLineAndHeaderBytes: maxRequestHeadBytes, maxHeaderCount: maxHeaderCount, maxBodyBytes: maxRequestBodyBytes)
    }
}
