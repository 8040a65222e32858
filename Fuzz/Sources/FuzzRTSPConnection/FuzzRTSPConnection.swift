import Logging
import NIOCore
import NIOEmbedded
import RTSP
@_spi(Fuzzing) import StreamerServer

/// The real RTSP connection handler, session table and port pool, driven by scripts of up to three clients (see
/// `ConnectionScript`): requests pipelined and cut anywhere, interleaved frames, datagrams from strangers,
/// clients that stop reading or vanish, and time passing. Beyond not trapping, every input must keep the
/// server's promises (`Invariants`); a broken one is a `precondition` failure, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTSPConnection(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let script = ConnectionScript(UnsafeRawBufferPointer(start: data, count: size))
    do {
        try ConnectionRun(script: script).run()
    } catch {
        fatalError("the harness itself failed: \(error)")
    }
    return 0
}

/// One input's run: a fresh server on a fresh embedded loop.
final class ConnectionRun {
    /// Two clients on one host (a player and its second connection, or two players behind one NAT) and one on
    /// another, which must never be able to use the first host's sessions.
    static let addresses = ["127.0.0.1", "127.0.0.1", "127.0.0.2"]
    /// Few enough pairs that the fuzzer runs out of them.
    static let portRange = 50000...50011

    let script: ConnectionScript
    let loop: EmbeddedEventLoop
    let source: ReplayedSource
    let datagrams: InMemoryDatagrams
    let limits: ServerLimits
    let configuration: ServerConfiguration
    let server: RTSPServerCore
    var clients: [SimulatedClient] = []
    var connectionsMade = 0
    var invariants: Invariants
    /// What one input may spend, so that every input runs in milliseconds: bytes sent by the clients (enough to
    /// pile up answers past the outbound bound: some 35 KB of DESCRIBEs or 60 KB of OPTIONS), frames made, time
    /// passed (six times the longest timeout, the 60 s session timeout: every timer fires, and more simulated time
    /// only adds RTCP reports and reaper sweeps that cost the fuzzer inputs).
    var bytesLeft = 64 * 1024
    var framesLeft = 120
    var secondsLeft = 400

    init(script: ConnectionScript) throws {
        self.script = script
        let loop = EmbeddedEventLoop()
        let source = ReplayedSource()
        let datagrams = InMemoryDatagrams(loop: loop)
        let limits = ServerLimits()
        let configuration = ServerConfiguration(
            rtspPort: 8554, rtpPortRange: Self.portRange, streams: [.init(path: "cam", source: source)], limits: limits)
        (self.loop, self.source, self.datagrams, self.limits, self.configuration) = (loop, source, datagrams, limits, configuration)
        server = RTSPServerCore(
            configuration: configuration, eventLoop: loop, logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }),
            datagramBinder: datagrams.binder)
        invariants = Invariants(limits: limits)
        try server.start()
        for slot in 0..<ConnectionScript.clients { clients.append(try connect(slot)) }
    }

    private func connect(_ slot: Int) throws -> SimulatedClient {
        connectionsMade += 1
        return try SimulatedClient(
            server: server, loop: loop, address: Self.addresses[slot], port: 40000 + connectionsMade, limits: limits)
    }

    func run() throws {
        for step in script.steps {
            try perform(step)
            settle()
            invariants.checkHolding(server.census, clients: clients, datagrams: datagrams)
        }
        finish()
    }

    private func perform(_ step: ConnectionScript.Step) throws {
        switch step {
        case .send(let slot, let bytes, let readSize, let repeats):
            let text = substituted(bytes, for: slot)
            // Repeats are pipelined: written at once, read by the server as a socket would hand them over.
            let count = min(repeats, bytesLeft / max(text.count, 1))
            var repeated: [UInt8] = []
            repeated.reserveCapacity(count * text.count)
            for _ in 0..<count { repeated.append(contentsOf: text) }
            bytesLeft -= repeated.count
            clients[slot].send(repeated, readSize: readSize)
            invariants.checkOutboundBound(clients[slot])
        case .interleavedFrame(let slot, let channel, let length, let filler):
            guard length + 4 <= bytesLeft else { return }
            bytesLeft -= length + 4
            var frame: [UInt8] = [0x24, channel, UInt8(length >> 8), UInt8(length & 0xFF)]
            frame.reserveCapacity(4 + length)
            if filler.isEmpty {
                frame.append(contentsOf: repeatElement(0, count: length))
            } else {
                while frame.count < 4 + length { frame.append(contentsOf: filler.prefix(4 + length - frame.count)) }
            }
            clients[slot].send(frame, readSize: 0)
        case .datagram(let slot, let toRTCP, let sender, let bytes):
            guard let rtpPort = clients[slot].lastServerPort, let socket = datagrams.sockets[rtpPort + (toRTCP ? 1 : 0)], socket.isActive else {
                return
            }
            let from = try senderAddress(sender, client: clients[slot])
            _ = try? socket.writeInbound(AddressedEnvelope(remoteAddress: from, data: ByteBuffer(bytes: bytes)))
        case .produce(let frames):
            let frames = min(frames, framesLeft)
            framesLeft -= frames
            for _ in 0..<frames {
                source.produce()
                loop.run()
                // As a socket's buffer fills a frame at a time, so does the client's unread backlog.
                for client in clients { client.collectOutput() }
            }
        case .advance(let seconds):
            let seconds = min(seconds, secondsLeft)
            secondsLeft -= seconds
            loop.advanceTime(by: .seconds(Int64(seconds)))
        case .pauseReading(let slot):
            clients[slot].pauseReading()
        case .resumeReading(let slot):
            clients[slot].resumeReading()
        case .hangUp(let slot):
            clients[slot].hangUp()
        case .reconnect(let slot):
            guard connectionsMade < 12 else { return }
            invariants.retire(clients[slot])
            clients[slot].hangUp()
            clients[slot] = try connect(slot)
        }
    }

    /// Where a datagram claims to come from: the client itself (its own RTP port, another port) or a stranger.
    private func senderAddress(_ choice: Int, client: SimulatedClient) throws -> SocketAddress {
        switch choice % 6 {
        case 0: try SocketAddress(ipAddress: client.address, port: client.lastClientPort ?? 5000)
        case 1: try SocketAddress(ipAddress: client.address, port: choice)
        case 2: try SocketAddress(ipAddress: "127.0.0.2", port: 5000 + choice)
        case 3: try SocketAddress(ipAddress: "::1", port: 5000)
        case 4: try SocketAddress(ipAddress: "10.1.2.3", port: 65535)
        default: try SocketAddress(ipAddress: "::ffff:\(client.address)", port: client.lastClientPort ?? 0)
        }
    }

    /// The payload with `{session}` and `{sessionN}` replaced by the session ids the server gave out, byte by
    /// byte (a round trip through `String` cost more than the request it fed, and turned invalid UTF-8 into U+FFFD).
    private func substituted(_ bytes: [UInt8], for slot: Int) -> [UInt8] {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        guard bytes.contains(open), bytes.contains(close) else { return bytes }
        let name = Array("session".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let nameEnd = index + 1 + name.count
            if bytes[index] == open, nameEnd < bytes.count, bytes[(index + 1)..<nameEnd].elementsEqual(name) {
                if bytes[nameEnd] == close {
                    result.append(contentsOf: (clients[slot].lastSession ?? "0").utf8)
                    index = nameEnd + 1
                    continue
                }
                let other = Int(bytes[nameEnd]) - 0x30
                if (0..<ConnectionScript.clients).contains(other), nameEnd + 1 < bytes.count, bytes[nameEnd + 1] == close {
                    result.append(contentsOf: (clients[other].lastSession ?? "0").utf8)
                    index = nameEnd + 2
                    continue
                }
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }

    /// Runs what is due and lets every client take what the server wrote.
    private func settle() {
        loop.run()
        for client in clients {
            client.deliver()
            client.collectOutput()
        }
    }

    /// The end of every input: answers still owed are given, everything the clients held is released.
    private func finish() {
        // Clients read again and the camera runs on past the keyframe wait, so no answer is still pending.
        for client in clients { client.resumeReading() }
        for _ in 0..<3 {
            source.produce()
            loop.advanceTime(by: .seconds(1))
            settle()
        }
        invariants.checkHolding(server.census, clients: clients, datagrams: datagrams)
        for client in clients { invariants.checkAnswers(client, final: true) }
        // Media riding a connection has nowhere to go once it is gone: those sessions end at once.
        for client in clients { client.hangUp() }
        loop.run()
        invariants.checkNoInterleavedSessions(server.census)
        // The rest (UDP) end at the session timeout, and give back their ports.
        loop.advanceTime(by: .seconds(Int64(configuration.sessionTimeoutSeconds) + Int64(configuration.sessionTimeoutSeconds / 4) + 1))
        invariants.checkAllReleased(server.census, datagrams: datagrams)
        server.stop()
        // Drops whatever timers are left, as a server's loop does when the process ends.
        try? loop.syncShutdownGracefully()
    }
}
