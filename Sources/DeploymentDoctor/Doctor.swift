import StreamerConfig

/// `camstream doctor`: what a router must forward, whether every configured port can be bound here, the
/// URLs viewers on the LAN and outside open, and the "connects but no picture" case explained, with the
/// cause named when the configuration shows it (a camera with only private addresses and no public_address).
public struct Doctor: Sendable {
    public var config: CamstreamConfig
    /// The config file read, or `nil` when camstream runs on built-in defaults.
    public var configFile: String?
    public var addresses: [LocalAddress]

    public init(config: CamstreamConfig, configFile: String?, addresses: [LocalAddress]) {
        self.config = config
        self.configFile = configFile
        self.addresses = addresses
    }

    public func examine() -> DoctorReport {
        var report = DoctorReport()
        report.section("Config")
        if let configFile {
            report.add(.ok, "\(configFile) is valid")
        } else {
            report.add(.info, "no config file at \(CamstreamConfig.defaultPath): camstream runs on its built-in defaults")
        }
        checkPorts(&report)
        checkSources(&report)
        listLANViewers(&report)
        listOutsideViewers(&report)
        explainForwarding(&report)
        explainNoPicture(&report)
        return report
    }

    private var server: ServerSettings { config.server }
    private var range: String { "\(server.rtpPortRange.lowerBound)-\(server.rtpPortRange.upperBound)" }
    private var usable: [LocalAddress] { addresses.filter { $0.scope == .privateNetwork || $0.scope == .global } }
    private var lanAddresses: [LocalAddress] {
        let bound = server.bindAddresses.first
        guard let bound, bound != "::", bound != "0.0.0.0" else { return usable }
        return usable.filter { $0.ip == bound }
    }

    // MARK: - Ports

    /// The browser's port, like RTSP's: free, ours already, or someone else's.
    private func checkHTTPPort(_ report: inout DoctorReport, binds: [String]) {
        let port = server.httpPort
        guard port != 0 else {
            report.add(.info, "HTTP is off (server.http_port: 0): no browser page, snapshots, status or metrics")
            return
        }
        switch PortProbe.check(.tcp, port: port, addresses: binds) {
        case .free(let address):
            report.add(.ok, "TCP \(port) (HTTP: browser page http://HOST:\(port)/) can be bound on \(address)")
        case .inUse where server.rtspPort != 0 && RunningServerProbe.isCamstream(host: binds[0], port: server.rtspPort):
            report.add(.ok, "TCP \(port) (HTTP): in use while camstream is running")
        case .inUse:
            report.add(.problem, "TCP \(port) (HTTP) is in use by another program (sudo ss -ltnp 'sport = :\(port)' names it); set server.http_port")
        case .failed(let reason):
            report.add(.problem, "TCP \(port) (HTTP) cannot be bound on \(binds.joined(separator: " or ")): \(reason)")
        }
    }

    private func checkPorts(_ report: inout DoctorReport) {
        report.section("Ports on this machine")
        let binds = server.bindAddresses
        if server.rtspPort == 0 {
            report.add(.info, "TCP port 0 (RTSP): a free port is chosen at start and logged")
        } else {
            switch PortProbe.check(.tcp, port: server.rtspPort, addresses: binds) {
            case .free(let address):
                report.add(.ok, "TCP \(server.rtspPort) (RTSP) can be bound on \(address)")
            case .inUse where RunningServerProbe.isCamstream(host: binds[0], port: server.rtspPort):
                report.add(.ok, "TCP \(server.rtspPort) (RTSP): camstream is running and answering on it")
            case .inUse:
                report.add(
                    .problem,
                    "TCP \(server.rtspPort) (RTSP) is in use by another program (sudo ss -ltnp 'sport = :\(server.rtspPort)' names it)"
                )
            case .failed(let reason):
                report.add(.problem, "TCP \(server.rtspPort) (RTSP) cannot be bound on \(binds.joined(separator: " or ")): \(reason)")
            }
        }
        checkHTTPPort(&report, binds: binds)
        var inUse: [Int] = []
        var failure: String?
        let udpBinds = binds.first == "::" || binds.first == "0.0.0.0" ? binds : ["::", "0.0.0.0"]
        for port in server.rtpPortRange {
            switch PortProbe.check(.udp, port: port, addresses: udpBinds) {
            case .free: continue
            case .inUse: inUse.append(port)
            case .failed(let reason): failure = failure ?? "\(port): \(reason)"
            }
        }
        let total = server.rtpPortRange.count
        if let failure {
            report.add(.problem, "UDP \(range) (RTP/RTCP) cannot be bound: \(failure)")
        } else if inUse.isEmpty {
            report.add(
                .ok, "UDP \(range) (RTP/RTCP): all \(total) ports free, \(server.rtpPortPairs) pairs for max_viewers \(server.maxViewers)")
        } else {
            let taken = Set(inUse.map { $0 - $0 % 2 })
            let freePairs = server.rtpPortPairs - taken.count
            let shown = inUse.prefix(6).map(String.init).joined(separator: ", ") + (inUse.count > 6 ? ", …" : "")
            report.add(
                freePairs < server.maxViewers ? .warning : .info,
                "UDP \(range) (RTP/RTCP): \(inUse.count) of \(total) ports in use (\(shown)), by camstream's own viewers if it is\nrunning; \(freePairs) pairs free for max_viewers \(server.maxViewers)"
            )
        }
    }

    // MARK: - Sources

    private func checkSources(_ report: inout DoctorReport) {
        report.section("Sources")
        for stream in config.streams {
            switch stream.source {
            case .test:
                report.add(.ok, "\(stream.path): the test pattern")
            case .auto:
                report.add(.ok, "\(stream.path): auto (the first camera found, else the test pattern)")
            case .device(let path):
                if PathCheck.exists(path) {
                    report.add(.ok, "\(stream.path): \(path) is present")
                } else {
                    report.add(.warning, "\(stream.path): \(path) does not exist; is the camera plugged in? (ls -l /dev/v4l/by-id/)")
                }
            case .libcamera:
                report.add(.ok, "\(stream.path): \(stream.source) through libcamera ('camstream devices' lists its cameras)")
            }
        }
    }

    // MARK: - Viewers

    private func urls(host: String) -> [String] {
        let port = server.rtspPort == 0 ? "PORT" : String(server.rtspPort)
        return config.streams.map { "rtsp://\(host):\(port)/\($0.path)" }
    }

    private func listLANViewers(_ report: inout DoctorReport) {
        report.section("Viewers on this network open")
        let hosts = lanAddresses.map(\.urlHost)
        if hosts.isEmpty {
            report.add(.warning, "this machine has no network address besides loopback; viewers on this machine open:")
            for url in urls(host: "127.0.0.1") { report.note(url) }
            return
        }
        for host in hosts {
            for url in urls(host: host) { report.note(url) }
        }
    }

    private func listOutsideViewers(_ report: inout DoctorReport) {
        report.section("Viewers outside this network (the internet, another site)")
        let privateOnly = lanAddresses.allSatisfy { $0.scope == .privateNetwork }
        let local = lanAddresses.map(\.ip).joined(separator: ", ")
        guard let publicAddress = server.publicAddress else {
            if privateOnly, !lanAddresses.isEmpty {
                report.add(
                    .warning,
                    """
                    public_address is not set, and this machine's addresses are private (\(local)): viewers outside
                    reach it only through a NAT router. Their RTSP connects, but camstream names \(lanAddresses[0].ip) as the
                    media source (SETUP source=, SDP), their players aim the packets that open their own NAT there,
                    and UDP media never reaches them: they connect but see no picture.
                    Fix: set server.public_address to the router's public IP address or DNS name and forward the
                    ports below, or have them play over TCP (see "Connects but no picture").
                    """)
            } else {
                let globals = lanAddresses.filter { $0.scope == .global }
                report.add(
                    .ok,
                    "this machine has a public address (\(globals.map(\.ip).joined(separator: ", "))): the URLs above work from outside too"
                )
            }
            return
        }
        if LocalAddress.scope(of: publicAddress) == .privateNetwork {
            report.add(.warning, "public_address \(publicAddress) is a private address: viewers on the internet cannot reach it")
        }
        report.add(.ok, "public_address \(publicAddress) goes into SDP and SETUP's source=; viewers outside open:")
        let host = publicAddress.contains(":") ? "[\(publicAddress)]" : publicAddress
        for url in urls(host: host) { report.note(url) }
    }

    private func explainForwarding(_ report: inout DoctorReport) {
        report.section("Router port forwarding (only for viewers outside)")
        // NAT is an IPv4 affair: the router forwards to the camera's IPv4 address, private if it has one.
        let ipv4 = lanAddresses.filter { !$0.ip.contains(":") }
        let target = (ipv4.first { $0.scope == .privateNetwork } ?? ipv4.first ?? lanAddresses.first)?.ip ?? "this machine"
        let port = server.rtspPort == 0 ? "the logged RTSP port" : String(server.rtspPort)
        report.add(.info, "forward TCP \(port) to \(target), same port (RTSP)")
        report.add(.info, "forward UDP \(range) to \(target), same ports (RTP/RTCP: one pair per UDP viewer)")
        if config.streams.contains(where: { $0.multicast != nil }) {
            report.add(.info, "multicast streams stay on the local network and need no forwarding")
        }
    }

    private func explainNoPicture(_ report: inout DoctorReport) {
        report.section("Connects but no picture?")
        let example = urls(host: server.publicAddress ?? lanAddresses.first?.urlHost ?? "HOST")[0]
        let lines = [
            "The RTSP connection (TCP) got through but the video (RTP over UDP) did not: a firewall or NAT between",
            "viewer and camera drops it. For viewers outside, set public_address and forward the UDP range above.",
            "Or have the player carry the video inside the RTSP connection, which gets through wherever RTSP does:",
            "  ffplay -rtsp_transport tcp \(example)",
            "  vlc --rtsp-tcp \(example)",
            "  gst-launch-1.0 rtspsrc location=\(example) protocols=tcp ! decodebin ! autovideosink",
        ]
        for line in lines { report.note(line) }
    }
}
