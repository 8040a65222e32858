/// Everything `camstream.yml` can say, typed and validated: what the server listens on, which streams it
/// publishes and how each is encoded, who may watch, and how much it logs.
///
/// Built only by `ConfigLoader` (file, then command-line overrides, then validation), so a value of this
/// type is always one camstream can run with. `defaults` is what an empty or missing file means, and the
/// shipped `config/camstream.yml` spells out exactly these values (a test keeps the two equal).
public struct CamstreamConfig: Sendable, Hashable {
    public var server: ServerSettings
    /// In the order the file lists them; paths are unique.
    public var streams: [StreamSettings]
    public var users: [UserSettings]
    public var log: LogSettings
    public var onvif: ONVIFSettings

    public init(
        server: ServerSettings, streams: [StreamSettings], users: [UserSettings], log: LogSettings, onvif: ONVIFSettings = ONVIFSettings()
    ) {
        self.server = server
        self.streams = streams
        self.users = users
        self.log = log
        self.onvif = onvif
    }

    /// One stream at `rtsp://<board>:8554/cam` from the best source found, nobody required to log in.
    public static let defaults = CamstreamConfig(
        server: ServerSettings(), streams: [StreamSettings(path: StreamSettings.defaultPath)], users: [], log: LogSettings())

    /// The config file camstream reads unless `--config` names another; a missing one means `defaults`.
    public static let defaultPath = "/etc/camstream/camstream.yml"
}
