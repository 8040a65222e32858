import NIOCore
import Testing

@testable import StreamerServer

/// The viewer URLs logged at start name only addresses the server listens on: `--bind 127.0.0.1` used to log
/// the LAN and IPv6 addresses too, where nothing answers.
@Suite struct ViewerURLsTests {
    static let machine = ["127.0.0.1", "192.168.1.20", "::1", "2001:db8::5", "fe80::1"]

    static func urls(boundTo bind: String?) throws -> [String] {
        let local = try machine.map { try SocketAddress(ipAddress: $0, port: 0) }
        return ViewerURLs.urls(
            port: 8554, path: "cam", boundTo: try bind.map { try SocketAddress(ipAddress: $0, port: 8554) }, localAddresses: local)
    }

    @Test func aSpecificAddressIsTheOnlyOne() throws {
        #expect(try Self.urls(boundTo: "127.0.0.1") == ["rtsp://127.0.0.1:8554/cam"])
        #expect(try Self.urls(boundTo: "192.168.1.20") == ["rtsp://192.168.1.20:8554/cam"])
        #expect(try Self.urls(boundTo: "::1") == ["rtsp://[::1]:8554/cam"])
        #expect(try Self.urls(boundTo: "2001:db8::5") == ["rtsp://[2001:db8::5]:8554/cam"])
    }

    @Test func theIPv4WildcardNamesEveryIPv4Address() throws {
        #expect(try Self.urls(boundTo: "0.0.0.0") == ["rtsp://127.0.0.1:8554/cam", "rtsp://192.168.1.20:8554/cam"])
    }

    /// Dual stack: every address but link-local IPv6, which needs a zone index no player takes in a URL.
    @Test func theIPv6WildcardNamesEveryAddress() throws {
        let all = ["rtsp://127.0.0.1:8554/cam", "rtsp://192.168.1.20:8554/cam", "rtsp://[::1]:8554/cam", "rtsp://[2001:db8::5]:8554/cam"]
        #expect(try Self.urls(boundTo: "::") == all)
        #expect(try Self.urls(boundTo: nil) == all)
    }
}
