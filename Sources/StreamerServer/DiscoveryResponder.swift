import Logging
import NIOCore
import NIOPosix
import ONVIF

/// WS-Discovery on UDP 239.255.255.250:3702: Hello when the server starts, ProbeMatch (unicast to the
/// prober's address and port) for a Probe that asks for what we are, Bye when it stops.
///
/// Bounded against abuse: Probes from outside local networks are ignored (`LocalNetworkAddress`), and the
/// bytes of all answers together are held to `DiscoveryRateLimiter`'s 4 KiB/s (8 KiB bursts); a ProbeMatch is
/// about twice a Probe, so at worst camstream sends 32 kbit/s it was not asked for by its own network.
final class DiscoveryResponder: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: used only on the channel's event loop.
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    static let group = "239.255.255.250"
    static let port = 3702

    private let device: ONVIFDevice
    private let httpPort: Int
    private let bindAddresses: [String]
    private let logger: Logger
    private let instanceID: UInt64
    private var messageNumber: UInt64 = 0
    private var limiter = DiscoveryRateLimiter()
    private var channel: Channel?
    private let groupAddress: SocketAddress
    private var refusedLogged = false

    init(device: ONVIFDevice, httpPort: Int, bindAddresses: [String], groupAddress: SocketAddress, logger: Logger) {
        self.device = device
        self.groupAddress = groupAddress
        self.httpPort = httpPort
        self.bindAddresses = bindAddresses
        var logger = logger
        logger[metadataKey: "onvif.discovery"] = "\(Self.group):\(Self.port)"
        self.logger = logger
        self.instanceID = Clocks.unixNanoseconds() / 1_000_000_000
    }

    /// Binds the port, joins the group on every multicast interface and says Hello. Discovery is a convenience:
    /// a port another program holds is a warning, and the server serves on without it.
    static func start(device: ONVIFDevice, httpPort: Int, bindAddresses: [String], eventLoop: EventLoop, logger: Logger) async
        -> DiscoveryResponder?
    {
        do {
            let group = try SocketAddress(ipAddress: Self.group, port: port)
            let responder = DiscoveryResponder(
                device: device, httpPort: httpPort, bindAddresses: bindAddresses, groupAddress: group, logger: logger)
            let channel = try await DatagramBootstrap(group: eventLoop)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(responder) }
                }
                .bind(host: "0.0.0.0", port: port).get()
            guard let multicast = channel as? MulticastChannel else {
                throw ServerError.multicastUnavailable("WS-Discovery", reason: "the UDP channel cannot join groups")
            }
            var joined: [String] = []
            for device in NetworkInterfaceList.multicastDevices() {
                do {
                    try await multicast.joinGroup(group, device: device).get()
                    joined.append(device.name)
                } catch {
                    responder.logger.notice(
                        "cannot join the discovery group", metadata: ["net.device": "\(device.name)", "net.error": "\(error)"])
                }
            }
            try await eventLoop.submit { responder.channel = channel }.get()
            responder.logger.info("WS-Discovery answering Probes", metadata: ["net.devices": "\(joined.joined(separator: ","))"])
            try await eventLoop.flatSubmit { responder.announce(hello: true, on: channel) }.get()
            return responder
        } catch {
            logger.warning(
                "WS-Discovery is off: cannot listen on UDP \(port): \(error); recorders can still add http://HOST:\(httpPort)\(ONVIFService.devicePath)"
            )
            return nil
        }
    }

    /// Says Bye, then closes.
    func stop() async {
        guard let channel else { return }
        try? await channel.eventLoop.flatSubmit { self.announce(hello: false, on: channel) }.get()
        try? await channel.close()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        let source = envelope.remoteAddress.ipAddress ?? "?"
        guard LocalNetworkAddress.isLocal(source) else {
            logger.debug("Probe from outside the local networks ignored", metadata: ["net.peer": "\(source)"])
            return
        }
        guard case .probe(let probe) = DiscoveryProbe.parse(Array(envelope.data.readableBytesView)) else { return }
        guard probe.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes) else {
            logger.debug("Probe for something else", metadata: ["net.peer": "\(envelope.remoteAddress)"])
            return
        }
        var generator = SystemRandomNumberGenerator()
        messageNumber += 1
        let answer = message().probeMatch(
            relatesTo: probe, messageID: DiscoveryMessage.messageID(using: &generator), messageNumber: messageNumber)
        guard limiter.allow(bytes: answer.utf8.count, nowNanoseconds: Clocks.monotonicNanoseconds()) else {
            if !refusedLogged {
                refusedLogged = true
                logger.notice(
                    "Probes arrive faster than answers may leave; some go unanswered",
                    metadata: ["net.peer": "\(envelope.remoteAddress)", "onvif.limit": "\(limiter.bytesPerSecond) bytes/s"])
            }
            return
        }
        refusedLogged = false
        logger.debug("ProbeMatch", metadata: ["net.peer": "\(envelope.remoteAddress)"])
        // WS-Discovery §5.3: answer after a random wait up to APP_MAX_DELAY, so that the devices of a LAN do not all
        // answer a multicast Probe at once. The bucket was charged above, so at most a burst's worth waits.
        let buffer = context.channel.allocator.buffer(string: answer)
        let delay = TimeAmount.milliseconds(Int64.random(in: 0...Self.maximumDelayMilliseconds))
        let channel = context.channel
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer), promise: nil)
        }
    }

    /// APP_MAX_DELAY of WS-Discovery (2005/04) §2.4: 500 ms.
    static let maximumDelayMilliseconds: Int64 = 500

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A send the network refused (no route for one address): the next Probe is answered as usual.
        logger.debug("discovery socket error", metadata: ["net.error": "\(error)"])
    }

    private func announce(hello: Bool, on channel: Channel) -> EventLoopFuture<Void> {
        var generator = SystemRandomNumberGenerator()
        messageNumber += 1
        let id = DiscoveryMessage.messageID(using: &generator)
        let text =
            hello
            ? message().hello(messageID: id, messageNumber: messageNumber) : message().bye(messageID: id, messageNumber: messageNumber)
        let sent = channel.writeAndFlush(AddressedEnvelope(remoteAddress: groupAddress, data: channel.allocator.buffer(string: text)))
        return sent.flatMapError { [logger] error in
            logger.notice("cannot send WS-Discovery \(hello ? "Hello" : "Bye")", metadata: ["net.error": "\(error)"])
            return channel.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// XAddrs: the device service on each address we serve: the bound address when it is one, else every
    /// interface's.
    private func message() -> DiscoveryMessage {
        let specific = bindAddresses.filter { $0 != "::" && $0 != "0.0.0.0" }
        let addresses = specific.isEmpty ? NetworkInterfaceList.multicastDevices().compactMap { $0.address?.ipAddress } : specific
        let urls = addresses.map { address in
            "http://\(address.contains(":") ? "[\(address)]" : address):\(httpPort)\(ONVIFService.devicePath)"
        }
        return DiscoveryMessage(device: device, addresses: urls, instanceID: instanceID)
    }
}
