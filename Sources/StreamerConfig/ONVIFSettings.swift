/// The `onvif:` section: ONVIF Profile S on the HTTP port, and WS-Discovery, so recorders (Home Assistant,
/// Frigate, NVRs) find the camera and add it with its profiles, stream URIs and snapshot.
public struct ONVIFSettings: Sendable, Hashable {
    /// `enabled`: on by default; `false` serves neither ONVIF nor discovery.
    public var enabled: Bool
    /// `name`: the `onvif://www.onvif.org/name/...` scope recorders show; nil (not set) is the host name.
    public var name: String?
    /// `hardware`: the `.../hardware/...` scope and GetDeviceInformation's model.
    public var hardware: String
    /// `location`: the `.../location/...` scope; nil leaves it out.
    public var location: String?

    public static let defaultHardware = "camstream"

    public init(enabled: Bool = true, name: String? = nil, hardware: String = defaultHardware, location: String? = nil) {
        self.enabled = enabled
        self.name = name
        self.hardware = hardware
        self.location = location
    }
}
