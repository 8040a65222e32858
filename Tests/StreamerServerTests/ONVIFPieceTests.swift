import NIOCore
import Testing

@testable import StreamerServer

/// The pure parts of ONVIF's HTTP side: its routes, and the host its URIs name.
@Suite struct ONVIFPieceTests {
    @Test func theServicesHaveTheirRoutes() {
        #expect(HTTPRoute(uri: "/onvif/device_service") == .onvif)
        #expect(HTTPRoute(uri: "/onvif/media_service") == .onvif)
        #expect(HTTPRoute(uri: "/onvif/ptz_service") == .notFound("/onvif/ptz_service"))
    }

    /// URIs name the host as the client reached it; a Host that is not a plain name or address (or none) gives
    /// way to the connection's local address, so a forged header cannot put markup or another URL in them.
    @Test func theHostComesFromTheRequestOrTheConnection() throws {
        let local = try SocketAddress(ipAddress: "10.0.0.5", port: 8080)
        let localV6 = try SocketAddress(ipAddress: "fe80::1", port: 8080)
        let mapped = try SocketAddress(ipAddress: "::ffff:10.0.0.6", port: 8080)
        #expect(ServerContext.onvifHost("192.168.1.20:8080", localAddress: local) == "192.168.1.20")
        #expect(ServerContext.onvifHost("camera.local", localAddress: local) == "camera.local")
        #expect(ServerContext.onvifHost("[fd00::2]:8080", localAddress: local) == "[fd00::2]")
        #expect(ServerContext.onvifHost(nil, localAddress: local) == "10.0.0.5")
        #expect(ServerContext.onvifHost("evil.example/<x>", localAddress: local) == "10.0.0.5")
        #expect(ServerContext.onvifHost("a:b:c", localAddress: local) == "10.0.0.5")
        #expect(ServerContext.onvifHost(":8080", localAddress: local) == "10.0.0.5")
        #expect(ServerContext.onvifHost(nil, localAddress: localV6) == "[fe80::1]")
        #expect(ServerContext.onvifHost(nil, localAddress: mapped) == "10.0.0.6")
    }
}
