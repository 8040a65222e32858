import ONVIF

/// What the requests are answered against: one camera, one profile, one user.
enum Fixture {
    static let device = ONVIFDevice(
        manufacturer: "camstream", model: "camstream", firmwareVersion: "fuzz", serialNumber: "0", hardwareID: "camstream",
        hostname: "fuzz", scopes: ONVIFDevice.scopes(name: "fuzz", hardware: "camstream", location: nil),
        endpointReference: ONVIFDevice.identity(seed: "fuzz").endpointReference)
    static let context = ONVIFRequestContext(
        host: "10.0.0.2", httpPort: 8080, rtspPort: 8554,
        profiles: [
            ONVIFProfile(
                token: "cam", sourceToken: "src_cam", width: 640, height: 360, framesPerSecond: 15, bitrateKbps: 800,
                keyframeInterval: 30, h264Profile: "Baseline", hasSnapshot: true)
        ],
        networkInterfaces: [], now: 1_796_530_447)
    /// libFuzzer calls the entry point from one thread.
    nonisolated(unsafe) static var verifier: UsernameTokenVerifier? = UsernameTokenVerifier(passwords: ["admin": "secret"], capacity: 64)
}

/// SOAP requests and WS-Discovery datagrams as anyone on the network may send them, before any credential is
/// checked: libxml2 with our limits, the envelope, the operation, the UsernameToken, the Probe. Whatever parses
/// is answered, and every answer must itself parse back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONVIF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if case .probe(let probe) = DiscoveryProbe.parse(bytes) {
        _ = probe.matches(deviceTypes: DiscoveryMessage.types, deviceScopes: Fixture.device.scopes)
        let answer = DiscoveryMessage(device: Fixture.device, addresses: ["http://10.0.0.2:8080/onvif/device_service"], instanceID: 1)
            .probeMatch(relatesTo: probe, messageID: "urn:uuid:0", messageNumber: 1)
        precondition((try? XMLDocumentParser.parse(Array(answer.utf8))) != nil, "ProbeMatch does not parse")
    }
    guard let request = try? SOAPRequest(parsing: bytes), let operation = try? ONVIFOperation(request.operation) else { return 0 }
    _ = ONVIFService.authorize(request, operation: operation, httpUser: nil, verifier: &Fixture.verifier, now: Fixture.context.now)
    let document: String
    switch ONVIFService.respond(to: operation, device: Fixture.device, context: Fixture.context) {
    case .success(let text): document = text
    case .failure(let fault): document = fault.document
    }
    precondition((try? XMLDocumentParser.parse(Array(document.utf8))) != nil, "response does not parse: \(operation)")
    return 0
}
