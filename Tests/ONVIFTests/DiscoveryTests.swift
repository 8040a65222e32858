import ONVIF
import Testing

@Suite struct DiscoveryTests {
    let device = ONVIFDevice(
        manufacturer: "camstream", model: "camstream", firmwareVersion: "1.0", serialNumber: "abc", hardwareID: "camstream",
        hostname: "board", scopes: ONVIFDevice.scopes(name: "board", hardware: "camstream", location: "home"),
        endpointReference: "urn:uuid:00010203-0405-5607-8809-0a0b0c0d0e0f")

    @Test func readsWSDiscoverysProbeWithItsRandomPrefix() throws {
        guard case .probe(let probe) = DiscoveryProbe.parse(Array(ZeepRequests.probe.utf8)) else {
            Issue.record("not read as a probe")
            return
        }
        #expect(probe.messageID == "urn:uuid:b6a4f383-81cb-4708-b35e-d0601d9a6256")
        #expect(probe.types == [.init(namespace: ONVIFNamespace.network, name: "NetworkVideoTransmitter")])
        #expect(probe.scopes == ["onvif://www.onvif.org/Profile/Streaming"])
        #expect(probe.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
    }

    @Test func matchingFollowsRFC3986PrefixesAndTypes() {
        let any = DiscoveryProbe(messageID: "m", types: [], scopes: [])
        #expect(any.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
        let printer = DiscoveryProbe(messageID: "m", types: [.init(namespace: "http://example.com/printers", name: "Printer")], scopes: [])
        #expect(!printer.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
        let prefix = DiscoveryProbe(messageID: "m", types: [], scopes: ["ONVIF://www.onvif.org/location"])
        #expect(prefix.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
        let partialSegment = DiscoveryProbe(messageID: "m", types: [], scopes: ["onvif://www.onvif.org/loc"])
        #expect(!partialSegment.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
        let exact = DiscoveryProbe(
            messageID: "m", types: [], scopes: ["onvif://www.onvif.org/name/board"],
            scopeMatchRule: "http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0")
        #expect(exact.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: device.scopes))
    }

    @Test func ignoresWhatIsNotAProbe() {
        let message = DiscoveryMessage(device: device, addresses: ["http://10.0.0.2:8080/onvif/device_service"], instanceID: 7)
        #expect(
            DiscoveryProbe.parse(Array(message.hello(messageID: "urn:uuid:1", messageNumber: 1).utf8)) == .ignored("not a Probe: Hello"))
        #expect(DiscoveryProbe.parse(Array("junk".utf8)) != .ignored(""))
    }

    @Test func probeMatchExactBytes() throws {
        guard case .probe(let probe) = DiscoveryProbe.parse(Array(ZeepRequests.probe.utf8)) else { return }
        let message = DiscoveryMessage(device: device, addresses: ["http://10.0.0.2:8080/onvif/device_service"], instanceID: 7)
        let match = message.probeMatch(relatesTo: probe, messageID: "urn:uuid:11111111-2222-4333-8444-555555555555", messageNumber: 3)
        #expect(
            match
                == #"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Header><wsa:MessageID>urn:uuid:11111111-2222-4333-8444-555555555555</wsa:MessageID><wsa:RelatesTo>urn:uuid:b6a4f383-81cb-4708-b35e-d0601d9a6256</wsa:RelatesTo><wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To><wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action><d:AppSequence InstanceId="7" MessageNumber="3"/></SOAP-ENV:Header><SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>urn:uuid:00010203-0405-5607-8809-0a0b0c0d0e0f</wsa:Address></wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/name/board onvif://www.onvif.org/hardware/camstream onvif://www.onvif.org/location/home</d:Scopes><d:XAddrs>http://10.0.0.2:8080/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        )
        // The amplification a spoofed Probe could buy: the answer is about twice the question.
        #expect(match.utf8.count < 3 * ZeepRequests.probe.utf8.count)
    }

    @Test func theRateLimiterBoundsBytesPerSecond() {
        var limiter = DiscoveryRateLimiter(bytesPerSecond: 4096, burstBytes: 8192)
        var sent = 0
        // 10 s of a probe every millisecond, each answer 1300 bytes: at most the burst plus 10 s of the rate.
        for millisecond in 0..<10_000 where limiter.allow(bytes: 1300, nowNanoseconds: UInt64(millisecond) * 1_000_000) {
            sent += 1300
        }
        #expect(sent <= 8192 + 10 * 4096)
        #expect(sent >= 10 * 4096 - 1300)
    }

    @Test func onlyLocalSourcesAreAnswered() {
        for local in [
            "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.9", "169.254.1.1", "127.0.0.1", "100.64.0.1", "::ffff:10.0.0.1",
            "fe80::1", "fd00::2", "::1",
        ] {
            #expect(LocalNetworkAddress.isLocal(local), "\(local)")
        }
        for outside in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1", "::ffff:8.8.8.8", "garbage"] {
            #expect(!LocalNetworkAddress.isLocal(outside), "\(outside)")
        }
    }
}
