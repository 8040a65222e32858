import NIOCore
import NIOEmbedded

@_spi(Fuzzing) @testable import StreamerServer

/// The server's UDP sockets as in-memory channels whose binds finish only when the test says so: the window in
/// which a real bind is still in flight, held open for as long as a test needs it.
final class DeferredDatagramBinds: @unchecked Sendable {
    // @unchecked: used on the test's embedded loop, from the test's one thread.
    let loop: EmbeddedEventLoop
    private var pending: [(channel: EmbeddedChannel, promise: EventLoopPromise<Channel>)] = []
    private(set) var opened: [EmbeddedChannel] = []

    init(loop: EmbeddedEventLoop) {
        self.loop = loop
    }

    var binder: DatagramBinder {
        DatagramBinder { [self] host, port, _, initializer in
            let channel = EmbeddedChannel(loop: loop)
            do {
                try initializer(channel).wait()
                channel.localAddress = try SocketAddress(ipAddress: host, port: port)
                // Connecting is what makes an embedded channel active; the peer address is never used.
                try channel.connect(to: SocketAddress(ipAddress: "0.0.0.0", port: 9)).wait()
            } catch {
                return loop.makeFailedFuture(error)
            }
            let promise = loop.makePromise(of: Channel.self)
            pending.append((channel, promise))
            return promise.futureResult
        }
    }

    /// How many binds are waiting to finish.
    var waiting: Int { pending.count }

    /// Finishes every bind, and those the finished ones start (RTCP's after RTP's), until none is waiting.
    func finishAll() {
        while !pending.isEmpty {
            let finishing = pending
            pending.removeAll()
            for (channel, promise) in finishing {
                opened.append(channel)
                promise.succeed(channel)
            }
            loop.run()
        }
    }

    /// Sockets the server was given and has not closed.
    var openCount: Int { opened.count { $0.isActive } }
}
