import NIOCore
import StreamerConfig
import StreamerServer

/// The URLs to announce once the server listens: one per local address and stream, the public ones when
/// `public_address` is set, and the one-line status systemd shows.
struct ServingURLs {
    var local: [String] = []
    var outside: [String] = []
    var status: String

    init(config: CamstreamConfig, listeningOn address: SocketAddress) {
        let port = address.port ?? config.server.rtspPort
        for stream in config.streams {
            local += ViewerURLs.urls(port: port, path: stream.path, boundTo: address)
        }
        if let publicAddress = config.server.publicAddress {
            let host = publicAddress.contains(":") ? "[\(publicAddress)]" : publicAddress
            outside = config.streams.map { "rtsp://\(host):\(port)/\($0.path)" }
        }
        // The address a person would type: public first, then a LAN one, loopback last.
        let best = outside.first ?? local.first { !$0.contains("//127.") && !$0.contains("//[::1]") } ?? local.first ?? "port \(port)"
        let count = config.streams.count
        status = count == 1 ? "Serving \(best)" : "Serving \(count) streams, e.g. \(best)"
    }
}
