/// An RTSP session (RFC 2326 §3.4): what SETUP created, until TEARDOWN or the connection closes.
final class RTSPSession {
    enum State {
        case ready
        case playing
    }

    let id: String
    let stream: MediaStream
    let viewer: Viewer
    /// The track URL as the client named it in SETUP; RTP-Info repeats it so the client can match it.
    let trackURI: String
    var state: State = .ready

    init(id: String, stream: MediaStream, viewer: Viewer, trackURI: String) {
        self.id = id
        self.stream = stream
        self.viewer = viewer
        self.trackURI = trackURI
    }

    /// 64 random bits in hex: unguessable, so one client cannot drive another's session.
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
