import StreamerConfig
import Testing

@testable import DeploymentDoctor

/// The doctor's findings for the situations people are in: a camera behind NAT with and without
/// public_address, one with a public address, ports taken, a camera unplugged.
@Suite struct DoctorTests {
    static let behindNAT = [LocalAddress(interface: "lo", ip: "127.0.0.1"), LocalAddress(interface: "eth0", ip: "192.168.77.2")]

    /// A config whose RTSP port and RTP range are held by this test, so the port findings are known.
    func config(publicAddress: String? = nil, tcp: HeldPort, udp: HeldPort) -> CamstreamConfig {
        var config = CamstreamConfig.defaults
        config.server.rtspPort = tcp.port
        let first = udp.port - udp.port % 2
        config.server.rtpPortRange = first...(first + 19)
        config.server.maxViewers = 5
        config.server.publicAddress = publicAddress
        return config
    }

    @Test func behindNATWithoutPublicAddressTheCauseIsNamed() throws {
        let (tcp, udp) = (try HeldPort(udp: false), try HeldPort(udp: true))
        let report = Doctor(config: config(tcp: tcp, udp: udp), configFile: "/etc/camstream/camstream.yml", addresses: Self.behindNAT)
            .examine()
        let text = report.rendered
        #expect(text.contains("public_address is not set, and this machine's addresses are private (192.168.77.2): viewers outside"))
        #expect(text.contains("they connect but see no picture."))
        #expect(text.contains("forward TCP \(tcp.port) to 192.168.77.2, same port (RTSP)"))
        #expect(text.contains("forward UDP \(config(tcp: tcp, udp: udp).server.rtpPortRange.lowerBound)-"))
        #expect(text.contains("          rtsp://192.168.77.2:\(tcp.port)/cam\n"))
        #expect(text.contains("ffplay -rtsp_transport tcp rtsp://192.168.77.2:\(tcp.port)/cam"))
        #expect(text.contains("vlc --rtsp-tcp rtsp://192.168.77.2:\(tcp.port)/cam"))
        #expect(!text.contains("127.0.0.1"), "loopback URLs are of no use to a viewer")
    }

    @Test func portsInUseAreFound() throws {
        let (tcp, udp) = (try HeldPort(udp: false), try HeldPort(udp: true))
        let report = Doctor(config: config(tcp: tcp, udp: udp), configFile: nil, addresses: Self.behindNAT).examine()
        #expect(report.problems == 1)
        #expect(
            report.rendered.contains(
                "  PROBLEM TCP \(tcp.port) (RTSP) is in use by another program (sudo ss -ltnp 'sport = :\(tcp.port)' names it)"))
        // Other programs on the machine may hold more of the range; the held port must be among those named.
        #expect(report.rendered.contains(" of 20 ports in use ("))
        #expect(report.rendered.contains("\(udp.port)"))
        #expect(report.rendered.contains("), by camstream's own viewers if it is\n          running; "))
    }

    @Test func withPublicAddressViewersOutsideGetItsURL() throws {
        let (tcp, udp) = (try HeldPort(udp: false), try HeldPort(udp: true))
        let report = Doctor(config: config(publicAddress: "203.0.113.1", tcp: tcp, udp: udp), configFile: nil, addresses: Self.behindNAT)
            .examine()
        #expect(
            report.rendered.contains(
                "public_address 203.0.113.1 goes into SDP and SETUP's source=; viewers outside open:\n          rtsp://203.0.113.1:\(tcp.port)/cam"
            ))
        #expect(!report.rendered.contains("public_address is not set"))
    }

    @Test func aMachineWithAPublicAddressNeedsNoNATAdvice() throws {
        let (tcp, udp) = (try HeldPort(udp: false), try HeldPort(udp: true))
        let addresses = [LocalAddress(interface: "eth0", ip: "198.51.100.4"), LocalAddress(interface: "eth0", ip: "fe80::1")]
        let report = Doctor(config: config(tcp: tcp, udp: udp), configFile: nil, addresses: addresses).examine()
        #expect(report.rendered.contains("this machine has a public address (198.51.100.4): the URLs above work from outside too"))
        #expect(!report.rendered.contains("fe80"), "link-local addresses make no URL a player accepts")
    }

    @Test func aMissingCameraIsAWarning() throws {
        let (tcp, udp) = (try HeldPort(udp: false), try HeldPort(udp: true))
        var config = config(tcp: tcp, udp: udp)
        config.streams = [StreamSettings(path: "door", source: .device(path: "/dev/v4l/by-id/usb-nothing-video-index0"))]
        let report = Doctor(config: config, configFile: nil, addresses: Self.behindNAT).examine()
        #expect(report.rendered.contains("warning door: /dev/v4l/by-id/usb-nothing-video-index0 does not exist; is the camera plugged in?"))
    }

    @Test(arguments: [
        ("127.0.0.1", LocalAddress.Scope.loopback), ("::1", .loopback), ("10.1.2.3", .privateNetwork),
        ("172.31.0.1", .privateNetwork), ("172.32.0.1", .global), ("192.168.1.20", .privateNetwork), ("100.64.0.1", .privateNetwork),
        ("169.254.1.1", .linkLocal), ("fe80::1", .linkLocal), ("fd12::1", .privateNetwork), ("2001:db8::1", .global),
        ("::ffff:192.168.1.2", .privateNetwork), ("203.0.113.9", .global),
    ])
    func addressScopes(ip: String, scope: LocalAddress.Scope) {
        #expect(LocalAddress.scope(of: ip) == scope)
    }

    @Test func freePortsAreFreeAndHeldOnesAreNot() throws {
        let held = try HeldPort(udp: true)
        #expect(PortProbe.check(.udp, port: held.port, addresses: ["::", "0.0.0.0"]) == .inUse)
        let heldTCP = try HeldPort(udp: false)
        #expect(PortProbe.check(.tcp, port: heldTCP.port, addresses: ["::"]) == .inUse)
        #expect(PortProbe.check(.tcp, port: heldTCP.port, addresses: ["192.0.2.123"]) == .failed("Cannot assign requested address"))
    }
}
