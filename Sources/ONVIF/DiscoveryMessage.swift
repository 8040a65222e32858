/// The messages a device sends in WS-Discovery (2005/04, as ONVIF Core §7.3 uses it): Hello when it starts,
/// Bye when it stops (both multicast), ProbeMatches in answer to a Probe (unicast to the prober).
///
/// Specification: WS-Discovery (2005/04) §4.1 (Hello), §4.2 (Bye), §5.3 (ProbeMatch); SOAP-over-UDP.
public struct DiscoveryMessage: Sendable {
    public var device: ONVIFDevice
    /// The device service URL on each address it is served on.
    public var addresses: [String]
    /// AppSequence's InstanceId: changes on every start (the start time in seconds), so receivers know that
    /// message numbers began again.
    public var instanceID: UInt64
    /// `wsa:To` for multicast messages.
    static let multicastTo = "urn:schemas-xmlsoap-org:ws:2005:04:discovery"
    /// `wsa:To` for an answer: the anonymous role (the prober's address).
    static let anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"

    /// What we are: an ONVIF NetworkVideoTransmitter with a device service.
    public static let types = [
        DiscoveryProbe.QualifiedName(namespace: ONVIFNamespace.network, name: "NetworkVideoTransmitter"),
        DiscoveryProbe.QualifiedName(namespace: ONVIFNamespace.device, name: "Device"),
    ]

    public init(device: ONVIFDevice, addresses: [String], instanceID: UInt64) {
        self.device = device
        self.addresses = addresses
        self.instanceID = instanceID
    }

    /// - Parameters:
    ///   - messageID: a fresh `urn:uuid:` for this message.
    ///   - messageNumber: counts this device's messages since `instanceID`.
    public func hello(messageID: String, messageNumber: UInt64) -> String {
        envelope(action: "Hello", messageID: messageID, relatesTo: nil, to: Self.multicastTo, messageNumber: messageNumber) { body in
            body.element("d:Hello") { describe(into: &$0) }
        }
    }

    public func bye(messageID: String, messageNumber: UInt64) -> String {
        envelope(action: "Bye", messageID: messageID, relatesTo: nil, to: Self.multicastTo, messageNumber: messageNumber) { body in
            body.element("d:Bye") { endpoint(into: &$0) }
        }
    }

    public func probeMatch(relatesTo probe: DiscoveryProbe, messageID: String, messageNumber: UInt64) -> String {
        envelope(action: "ProbeMatches", messageID: messageID, relatesTo: probe.messageID, to: Self.anonymous, messageNumber: messageNumber)
        {
            body in
            body.element("d:ProbeMatches") { matches in
                matches.element("d:ProbeMatch") { describe(into: &$0) }
            }
        }
    }

    /// A fresh `urn:uuid:` (a version 4 UUID, RFC 9562 §5.4) for a message's `wsa:MessageID`.
    public static func messageID(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        return ONVIFDevice.endpointReference(hash: bytes).replacingVersion4()
    }

    private func describe(into writer: inout XMLWriter) {
        endpoint(into: &writer)
        writer.element("d:Types", text: "dn:NetworkVideoTransmitter tds:Device")
        writer.element("d:Scopes", text: device.scopes.joined(separator: " "))
        writer.element("d:XAddrs", text: addresses.joined(separator: " "))
        writer.element("d:MetadataVersion", 1)
    }

    private func endpoint(into writer: inout XMLWriter) {
        writer.element("wsa:EndpointReference") { $0.element("wsa:Address", text: device.endpointReference) }
    }

    private func envelope(
        action: String, messageID: String, relatesTo: String?, to: String, messageNumber: UInt64, body: (inout XMLWriter) -> Void
    ) -> String {
        var writer = XMLWriter()
        writer.element(
            "SOAP-ENV:Envelope",
            [
                "xmlns:SOAP-ENV": ONVIFNamespace.soapEnvelope, "xmlns:wsa": ONVIFNamespace.addressing, "xmlns:d": ONVIFNamespace.discovery,
                "xmlns:dn": ONVIFNamespace.network, "xmlns:tds": ONVIFNamespace.device,
            ]
        ) { envelope in
            envelope.element("SOAP-ENV:Header") { header in
                header.element("wsa:MessageID", text: messageID)
                if let relatesTo { header.element("wsa:RelatesTo", text: relatesTo) }
                header.element("wsa:To", text: to)
                header.element("wsa:Action", text: "\(ONVIFNamespace.discovery)/\(action)")
                header.element("d:AppSequence", ["InstanceId": "\(instanceID)", "MessageNumber": "\(messageNumber)"]) { _ in }
            }
            envelope.element("SOAP-ENV:Body", content: body)
        }
        return writer.text
    }
}

extension String {
    /// `endpointReference(hash:)` stamps version 5; a random id is version 4.
    fileprivate func replacingVersion4() -> String {
        var characters = Array(self)
        // "urn:uuid:" is 9 characters; the version digit is the first of the third group (index 9 + 14).
        characters[23] = "4"
        return String(characters)
    }
}
