import Foundation
import RTSP
import Testing

/// What a viewer is told about where media comes from: the public address behind NAT, the address it
/// reached otherwise; server ports only from the configured range.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PublicAddressTests {
    /// DESCRIBE and a UDP SETUP; returns the SDP and the SETUP's Transport header.
    static func describeAndSetup(port: Int) async throws -> (sdp: String, transport: TransportSpec) {
        try await RTSPTestClient.withConnection(port: port) { client in
            let describe = try await client.request(.describe, headers: [("Accept", "application/sdp")])
            #expect(describe.status == .ok)
            let sdp = describe.body.map { String(buffer: $0) } ?? ""
            let setup = try await client.request(
                .setup, client.baseURL + "/trackID=0", headers: [("Transport", "RTP/AVP;unicast;client_port=45998-45999")])
            #expect(setup.status == .ok)
            let transport = try TransportSpec(parsing: try #require(setup.headers["Transport"]))
            _ = try await client.request(.teardown, client.baseURL + "/")
            return (sdp, transport)
        }
    }

    @Test func behindNATThePublicAddressIsAnnounced() async throws {
        let directory = try TemporaryDirectory("public-address")
        let file = try directory.write("camstream.yml", "server:\n  public_address: 203.0.113.7\nstreams:\n  cam: {source: test, width: 320, height: 240}\n")
        let camstream = try await CamstreamProcess(["--config", file], rtpPorts: PortRanges.publicAddress)
        // Logged right after the line that gave the port, so it may not have been read yet.
        #expect(await camstream.waitForLine(containing: "viewers outside can open rtsp://203.0.113.7:\(camstream.port)/cam") != nil)
        let (sdp, transport) = try await Self.describeAndSetup(port: camstream.port)
        #expect(sdp.contains("\r\no=- ") && sdp.contains(" IN IP4 203.0.113.7\r\ns=camstream\r\nc=IN IP4 203.0.113.7\r\n"))
        #expect(transport.source == "203.0.113.7")
        let serverPorts = try #require(transport.serverPort)
        #expect(PortRanges.publicAddress.contains(Int(serverPorts.lowerBound)) && PortRanges.publicAddress.contains(Int(serverPorts.upperBound)))
        #expect(await camstream.stop() == 0)
    }

    @Test func withoutItTheAddressTheViewerReachedIsAnnounced() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.localSource)
        let (sdp, transport) = try await Self.describeAndSetup(port: camstream.port)
        #expect(sdp.contains(" IN IP4 127.0.0.1\r\ns=camstream\r\nc=IN IP4 0.0.0.0\r\n"))
        #expect(transport.source == "127.0.0.1")
        #expect(await camstream.stop() == 0)
    }
}
