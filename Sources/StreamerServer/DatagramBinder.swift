import NIOCore
import NIOPosix

/// Opens one server UDP socket (a viewer's RTP or RTCP port) on `port` of `host`, with `initializer` run on
/// the new channel before it binds, as `DatagramBootstrap.channelInitializer` does.
///
/// A seam with one production implementation, `DatagramBinder.sockets`: the connection fuzzer
/// (Fuzz/Sources/FuzzRTSPConnection) runs the real handler on an `EmbeddedEventLoop`, which cannot bind
/// sockets, and gives it in-memory datagram channels instead. The port pairs still come from the real
/// `RTPPortAllocator`, so what the fuzzer checks about ports (never beyond the range, all returned) is
/// checked of the code that ships.
@_spi(Fuzzing) public struct DatagramBinder: Sendable {
    public typealias Initializer = @Sendable (Channel) -> EventLoopFuture<Void>

    let bind: @Sendable (_ host: String, _ port: Int, _ eventLoop: EventLoop, _ initializer: @escaping Initializer) -> EventLoopFuture<Channel>

    public init(bind: @escaping @Sendable (_ host: String, _ port: Int, _ eventLoop: EventLoop, _ initializer: @escaping Initializer) -> EventLoopFuture<Channel>) {
        self.bind = bind
    }

    /// Real sockets, bound with `DatagramBootstrap` on the server's event loop.
    public static let sockets = DatagramBinder { host, port, eventLoop, initializer in
        DatagramBootstrap(group: eventLoop).channelInitializer(initializer).bind(host: host, port: port)
    }
}
