import StreamerConfig

/// Keys the config parses and checks that this build does not act on yet, so that setting one is never
/// silently ignored. Each feature's work deletes its lines here when it lands.
enum PendingFeatures {
    static func warnings(for config: CamstreamConfig) -> [String] {
        var warnings: [String] = []
        let defaults = ServerSettings()
        if config.server.maxViewers != defaults.maxViewers {
            warnings.append("server.max_viewers: parsed, not yet enforced by this build (viewers are not limited)")
        }
        if config.server.sessionTimeout != defaults.sessionTimeout {
            warnings.append("server.session_timeout: announced to players, but idle sessions are not yet reaped by this build")
        }
        for stream in config.streams {
            let key = "streams.\(stream.path)"
            if case .device(let path) = stream.source {
                warnings.append("\(key).source: V4L2 capture is not in this build yet; serve refuses \(path) (use auto or test)")
            }
            if stream.format != nil { warnings.append("\(key).format: parsed, not yet used by this build (no V4L2 capture yet)") }
            if !stream.controls.isEmpty { warnings.append("\(key).controls: parsed, not yet applied by this build (no V4L2 capture yet)") }
            if stream.multicast != nil { warnings.append("\(key).multicast: parsed, not yet served by this build") }
        }
        if !config.users.isEmpty {
            warnings.append("users: parsed, not yet enforced by this build: anyone who reaches the RTSP port can watch")
        }
        return warnings
    }
}
