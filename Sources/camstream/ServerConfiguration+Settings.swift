import StreamerConfig
import StreamerServer

extension ServerConfiguration {
    /// The server's part of the config, with the streams' opened sources.
    init(_ settings: ServerSettings, streams: [Stream]) {
        self.init(
            bindAddresses: settings.bindAddresses, rtspPort: settings.rtspPort, rtpPortRange: settings.rtpPortRange,
            sessionTimeoutSeconds: settings.sessionTimeout, streams: streams,
            limits: ServerLimits(maxViewersPerStream: settings.maxViewers, maxViewers: settings.maxViewers),
            publicAddress: settings.publicAddress)
    }
}
