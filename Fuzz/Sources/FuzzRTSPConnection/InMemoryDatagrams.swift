import NIOCore
import NIOEmbedded
@_spi(Fuzzing) import StreamerServer

/// The server's UDP sockets as in-memory channels on the fuzzer's embedded loop, which cannot bind real ones.
/// The ports are still the ones the server's `RTPPortAllocator` chose; the fuzzer delivers datagrams into these
/// channels and reads what the server sends out of them.
final class InMemoryDatagrams: @unchecked Sendable {
    // @unchecked: used on the fuzzer's one thread.
    let loop: EmbeddedEventLoop
    /// Every socket the server opened, by port (a later one on the same port replaces an earlier, closed one).
    private(set) var sockets: [Int: EmbeddedChannel] = [:]
    private(set) var opened: [EmbeddedChannel] = []

    init(loop: EmbeddedEventLoop) {
        self.loop = loop
    }

    var binder: DatagramBinder {
        DatagramBinder { [self] host, port, _, initializer in
            precondition(sockets[port]?.isActive != true, "the server bound port \(port) twice")
            let channel = EmbeddedChannel(loop: loop)
            do {
                try initializer(channel).wait()
                channel.localAddress = try SocketAddress(ipAddress: host, port: port)
                // Connecting is what makes an embedded channel active; the peer address is never used.
                try channel.connect(to: SocketAddress(ipAddress: "0.0.0.0", port: 9)).wait()
            } catch {
                return loop.makeFailedFuture(error)
            }
            sockets[port] = channel
            opened.append(channel)
            return loop.makeSucceededFuture(channel)
        }
    }

    /// Sockets the server opened and has not closed.
    var openCount: Int { opened.count { $0.isActive } }
}
