import RTSPAuth
import StreamerConfig
import StreamerServer

extension ServerConfiguration {
    /// The server's part of the config, with the streams' opened sources.
    init(_ settings: ServerSettings, streams: [Stream], users: [UserSettings] = []) {
        self.init(
            bindAddresses: settings.bindAddresses, rtspPort: settings.rtspPort, rtpPortRange: settings.rtpPortRange,
            sessionTimeoutSeconds: settings.sessionTimeout, streams: streams,
            limits: ServerLimits(
                maxViewersPerStream: settings.maxViewers, maxViewers: settings.maxViewers,
                maxConnections: ServerLimits.connections(forViewers: settings.maxViewers),
                maxConnectionsPerAddress: settings.maxConnectionsPerAddress, maxSessionsPerAddress: settings.maxSessionsPerAddress),
            publicAddress: settings.publicAddress,
            users: users.map(UserCredentials.init(settings:)),
            allowBasicAuthentication: settings.allowBasicAuth)
    }
}

extension UserCredentials {
    /// A `users:` entry as the authenticator keeps it; the config check has already validated any hash.
    init(settings: UserSettings) {
        let streams = settings.streams.map(Set.init)
        switch settings.credential {
        case .password(let password):
            self.init(name: settings.name, password: password, realm: ServerConfiguration.realm, streams: streams)
        case .passwordHash(let text):
            self.init(name: settings.name, ha1: (try? UserCredentials.parseHashes(text)) ?? [:], streams: streams)
        }
    }
}
