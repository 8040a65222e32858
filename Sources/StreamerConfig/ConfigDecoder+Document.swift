import Logging

extension ConfigDecoder {
    static let sections = ["server", "streams", "users", "log", "onvif"]

    /// The whole document; `nil` (an empty file) means every default.
    mutating func decodeDocument(_ root: ConfigNode?) -> CamstreamConfig {
        var config = CamstreamConfig.defaults
        guard let root,
            let fields = fields(
                of: root, key: "", allowed: Self.sections, expected: "a mapping with the sections server, streams, users, log and onvif")
        else { return config }
        var portRangeOrigin: ConfigOrigin?
        var maxViewersOrigin: ConfigOrigin?
        if let server = fields["server"] {
            config.server = decodeServer(server, portRangeOrigin: &portRangeOrigin, maxViewersOrigin: &maxViewersOrigin)
        }
        var streamOrigins: [String: ConfigOrigin] = [:]
        if let streams = fields["streams"] {
            config.streams = decodeStreams(streams, origins: &streamOrigins)
        }
        if let users = fields["users"] {
            config.users = decodeUsers(users, streams: config.streams.flatMap(\.servedPaths))
                .map { $0.grantingSubstreams(of: config.streams) }
        }
        if let log = fields["log"] {
            config.log = decodeLog(log)
        }
        if let onvif = fields["onvif"] {
            config.onvif = decodeONVIF(onvif)
            if config.onvif.enabled, config.server.httpPort == 0 {
                warning(
                    onvif.origin, "onvif.enabled",
                    "ONVIF is served on the HTTP port, which server.http_port: 0 turns off; recorders will not find this camera")
            }
        }
        checkPortRange(config.server, rangeOrigin: portRangeOrigin, maxViewersOrigin: maxViewersOrigin)
        return config
    }

    /// Each UDP viewer takes one even/odd pair of the range, so the range must hold `max_viewers` pairs.
    private mutating func checkPortRange(_ server: ServerSettings, rangeOrigin: ConfigOrigin?, maxViewersOrigin: ConfigOrigin?) {
        let pairs = server.rtpPortPairs
        guard pairs < server.maxViewers, let origin = rangeOrigin ?? maxViewersOrigin else { return }
        let range = "\(server.rtpPortRange.lowerBound)-\(server.rtpPortRange.upperBound)"
        let key = rangeOrigin != nil ? "server.rtp_port_range" : "server.max_viewers"
        error(
            origin, key,
            "\(range) holds \(pairs) RTP/RTCP port pairs, fewer than max_viewers (\(server.maxViewers)): each UDP viewer takes a pair; "
                + "widen the range to at least \(2 * server.maxViewers) ports or lower max_viewers")
    }

    static let logLevels = Logger.Level.allCases.map(\.rawValue)

    mutating func decodeLog(_ node: ConfigNode) -> LogSettings {
        var log = LogSettings()
        guard let fields = fields(of: node, key: "log", allowed: ["level"], expected: "a mapping with level") else { return log }
        if let level = fields["level"],
            let name = choice(level, key: "log.level", among: Self.logLevels, expected: "one of \(Self.logLevels.joined(separator: ", "))"),
            let parsed = Logger.Level(rawValue: name)
        {
            log.level = parsed
        }
        return log
    }
}
