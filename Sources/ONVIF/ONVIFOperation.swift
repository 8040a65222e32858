/// The operations camstream answers, each parsed from its request element. The table `supported` drives both
/// dispatch and the tests' list: an operation missing from it is `ter:ActionNotSupported`.
public enum ONVIFOperation: Sendable, Hashable {
    case getSystemDateAndTime
    case getDeviceInformation
    case getCapabilities
    case getServices(includeCapability: Bool)
    case getDeviceServiceCapabilities
    case getScopes
    case getHostname
    case getNetworkInterfaces
    case getMediaServiceCapabilities
    case getProfiles
    case getProfile(token: String)
    case getVideoSources
    case getVideoSourceConfigurations
    case getVideoEncoderConfigurations
    case getVideoEncoderConfigurationOptions(profileToken: String?, configurationToken: String?)
    case getStreamUri(profileToken: String, stream: String, transport: String)
    case getSnapshotUri(profileToken: String)

    /// (namespace, local name) of every operation served. One row per request element.
    public static let supported: [(namespace: String, name: String)] = [
        (ONVIFNamespace.device, "GetSystemDateAndTime"),
        (ONVIFNamespace.device, "GetDeviceInformation"),
        (ONVIFNamespace.device, "GetCapabilities"),
        (ONVIFNamespace.device, "GetServices"),
        (ONVIFNamespace.device, "GetServiceCapabilities"),
        (ONVIFNamespace.device, "GetScopes"),
        (ONVIFNamespace.device, "GetHostname"),
        (ONVIFNamespace.device, "GetNetworkInterfaces"),
        (ONVIFNamespace.media, "GetServiceCapabilities"),
        (ONVIFNamespace.media, "GetProfiles"),
        (ONVIFNamespace.media, "GetProfile"),
        (ONVIFNamespace.media, "GetVideoSources"),
        (ONVIFNamespace.media, "GetVideoSourceConfigurations"),
        (ONVIFNamespace.media, "GetVideoEncoderConfigurations"),
        (ONVIFNamespace.media, "GetVideoEncoderConfigurationOptions"),
        (ONVIFNamespace.media, "GetStreamUri"),
        (ONVIFNamespace.media, "GetSnapshotUri"),
    ]

    /// The operation a request's Body element asks for, by namespace and local name; the fault says what is
    /// missing or not served.
    public init(_ element: XMLElement) throws(SOAPFault) {
        let parameter = { (name: String) -> String? in element.child(named: name)?.trimmedText }
        switch (element.namespace ?? "", element.name) {
        case (ONVIFNamespace.device, "GetSystemDateAndTime"): self = .getSystemDateAndTime
        case (ONVIFNamespace.device, "GetDeviceInformation"): self = .getDeviceInformation
        case (ONVIFNamespace.device, "GetCapabilities"): self = .getCapabilities
        case (ONVIFNamespace.device, "GetServices"): self = .getServices(includeCapability: parameter("IncludeCapability") == "true")
        case (ONVIFNamespace.device, "GetServiceCapabilities"): self = .getDeviceServiceCapabilities
        case (ONVIFNamespace.device, "GetScopes"): self = .getScopes
        case (ONVIFNamespace.device, "GetHostname"): self = .getHostname
        case (ONVIFNamespace.device, "GetNetworkInterfaces"): self = .getNetworkInterfaces
        case (ONVIFNamespace.media, "GetServiceCapabilities"): self = .getMediaServiceCapabilities
        case (ONVIFNamespace.media, "GetProfiles"): self = .getProfiles
        case (ONVIFNamespace.media, "GetProfile"): self = .getProfile(token: try Self.required("ProfileToken", parameter))
        case (ONVIFNamespace.media, "GetVideoSources"): self = .getVideoSources
        case (ONVIFNamespace.media, "GetVideoSourceConfigurations"): self = .getVideoSourceConfigurations
        case (ONVIFNamespace.media, "GetVideoEncoderConfigurations"): self = .getVideoEncoderConfigurations
        case (ONVIFNamespace.media, "GetVideoEncoderConfigurationOptions"):
            self = .getVideoEncoderConfigurationOptions(
                profileToken: parameter("ProfileToken"), configurationToken: parameter("ConfigurationToken"))
        case (ONVIFNamespace.media, "GetStreamUri"):
            let setup = element.child(named: "StreamSetup")
            self = .getStreamUri(
                profileToken: try Self.required("ProfileToken", parameter),
                stream: setup?.child(named: "Stream")?.trimmedText ?? "RTP-Unicast",
                transport: setup?.child(named: "Transport")?.child(named: "Protocol")?.trimmedText ?? "RTSP")
        case (ONVIFNamespace.media, "GetSnapshotUri"): self = .getSnapshotUri(profileToken: try Self.required("ProfileToken", parameter))
        default:
            throw .actionNotSupported("\(element.name.prefix(64)) in \((element.namespace ?? "no namespace").prefix(80)) is not supported")
        }
    }

    /// Whether the operation answers without credentials: only the clock, which clients read to make their
    /// UsernameToken's Created (ONVIF Core §5.12.1).
    public var needsAuthentication: Bool {
        self != .getSystemDateAndTime
    }

    private static func required(_ name: String, _ parameter: (String) -> String?) throws(SOAPFault) -> String {
        guard let value = parameter(name), !value.isEmpty else {
            throw SOAPFault(code: .sender, subcode: "ter:InvalidArgVal", detailSubcode: "ter:NoProfile", reason: "\(name) is missing")
        }
        return value
    }
}
