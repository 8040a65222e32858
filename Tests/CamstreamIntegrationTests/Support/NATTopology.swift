import Foundation
import ProcessTestSupport

/// Three hosts in network namespaces of this test's own, wired as a camera sits behind a home router:
///
///     camera 192.168.77.2 ── lan0 192.168.77.1  router  203.0.113.1 wan0 ── 203.0.113.2 viewer
///
/// The router forwards TCP 8554 and UDP 50000-50099 to the camera (DNAT), masquerades what the camera
/// sends out, and forwards nothing else inward. The viewer, like any home router or host firewall, accepts
/// only replies to what it sent (conntrack), and has no route to the camera's private network. Nothing
/// here touches the machine's own network: every interface lives and dies in these namespaces.
struct NATTopology {
    static let cameraAddress = "192.168.77.2"
    static let publicAddress = "203.0.113.1"
    static let rtspPort = 8554
    static let rtpPorts = "50000-50099"

    let camera: String
    let router: String
    let viewer: String

    /// Whether this process may create namespaces and run `ip netns exec` (root, with iproute2 installed).
    static var isAvailable: Bool {
        geteuid() == 0 && (try? Subprocess.which("ip")) != nil
    }

    /// Builds the hosts, runs `body`, and removes the hosts whatever happened.
    static func with<Result>(_ body: (NATTopology) async throws -> Result) async throws -> Result {
        let prefix = "cs\(getpid())\(UInt16.random(in: 0...UInt16.max))"
        let topology = NATTopology(camera: "\(prefix)-cam", router: "\(prefix)-rtr", viewer: "\(prefix)-view")
        do {
            try await topology.build()
            let result = try await body(topology)
            await topology.remove()
            return result
        } catch {
            await topology.remove()
            throw error
        }
    }

    /// `ip netns exec NAMESPACE` before a command, to run it on that host.
    func launcher(on namespace: String) throws -> [String] {
        [try Subprocess.which("ip"), "netns", "exec", namespace]
    }

    /// Runs a program on a host, to completion.
    func run(on namespace: String, _ program: String, _ arguments: [String], timeout: Duration = .seconds(30)) async throws -> Subprocess.Result {
        try await Subprocess.run("ip", ["netns", "exec", namespace, program] + arguments, timeout: timeout)
    }

    private func build() async throws {
        for namespace in [camera, router, viewer] { try await ip(["netns", "add", namespace]) }
        try await ip(["link", "add", "lan0", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", camera])
        try await ip(["link", "add", "wan0", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", viewer])
        for (namespace, interface, address) in [
            (camera, "eth0", "\(Self.cameraAddress)/24"), (router, "lan0", "192.168.77.1/24"),
            (router, "wan0", "\(Self.publicAddress)/24"), (viewer, "eth0", "203.0.113.2/24"),
        ] {
            try await ip(["-n", namespace, "addr", "add", address, "dev", interface])
            try await ip(["-n", namespace, "link", "set", interface, "up"])
        }
        for namespace in [camera, router, viewer] { try await ip(["-n", namespace, "link", "set", "lo", "up"]) }
        try await ip(["-n", camera, "route", "add", "default", "via", "192.168.77.1"])
        try await check(run(on: router, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]), "sysctl ip_forward")
        try await nft(on: router, Self.routerRules)
        try await nft(on: viewer, Self.viewerRules)
    }

    private func remove() async {
        for namespace in [camera, router, viewer] {
            _ = try? await Subprocess.run("ip", ["netns", "delete", namespace])
        }
    }

    private func ip(_ arguments: [String]) async throws {
        try check(await Subprocess.run("ip", arguments), "ip \(arguments.joined(separator: " "))")
    }

    private func nft(on namespace: String, _ rules: String) async throws {
        let directory = try TemporaryDirectory("nft")
        let file = try directory.write("rules.nft", rules)
        try check(await run(on: namespace, "nft", ["-f", file]), "nft on \(namespace)")
    }

    private func check(_ result: Subprocess.Result, _ what: String) throws {
        guard result.status == 0 else { throw Failure(description: "\(what) failed (\(result.status)): \(result.stderr)") }
    }

    static let routerRules = """
        table ip nat {
          chain prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            iifname "wan0" tcp dport \(rtspPort) dnat to \(cameraAddress)
            iifname "wan0" udp dport \(rtpPorts) dnat to \(cameraAddress)
          }
          chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            oifname "wan0" masquerade
          }
        }
        table inet filter {
          chain forward {
            type filter hook forward priority 0; policy drop;
            ct state established,related accept
            iifname "lan0" oifname "wan0" accept
            ct status dnat accept
          }
        }

        """

    static let viewerRules = """
        table inet filter {
          chain input {
            type filter hook input priority 0; policy drop;
            ct state established,related accept
            iif "lo" accept
          }
        }

        """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
