/// Where an RTSP request URI points: which stream, and whether at the whole presentation
/// (aggregate control) or at its one track.
///
/// Clients spell these many ways: `rtsp://h:8554/cam`, `rtsp://h:8554/cam/`, `rtsp://h/cam/trackID=0`,
/// a bare `/cam/trackID=0`, or `*` for OPTIONS.
struct RequestTarget: Hashable {
    var streamPath: String
    var track: String?

    /// The track's control name in our SDP (`a=control:trackID=0`).
    static let trackControl = "trackID=0"

    init?(uri: String, knownPaths: some Collection<String>) {
        var rest = Substring(uri)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        let path = rest.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        // Longest stream path that is a prefix of the request path, on a segment boundary.
        let matches = knownPaths.filter { path == $0 || path.hasPrefix($0 + "/") }
        guard let stream = matches.max(by: { $0.count < $1.count }) else { return nil }
        let remainder = path.dropFirst(stream.count).drop(while: { $0 == "/" })
        self.streamPath = stream
        self.track = remainder.isEmpty ? nil : String(remainder)
    }

    /// Whether the track part names our one video track (`trackID=0`, or the aggregate URL itself
    /// when a client SETUPs the presentation as a whole).
    var addressesVideoTrack: Bool {
        track == nil || track == Self.trackControl
    }
}
