import NIOCore
import RTSP

/// An RTSP session (RFC 2326 §3.4): what SETUP created, until TEARDOWN, a timeout, or — for a viewer whose
/// media rides the RTSP connection — the connection's end.
///
/// A UDP or multicast session belongs to no connection: a client may close its RTSP connection and control the
/// session from another one, as RFC 2326 allows; a session nobody hears from ends at the timeout. It does belong
/// to its `owner`: nobody else may control it, whatever session id they name.
final class RTSPSession {
    let id: String
    let stream: MediaStream
    /// Replaced when a SETUP in the `ready` state changes the transport.
    var viewer: Viewer
    /// The track URL as the client named it in SETUP; RTP-Info repeats it so the client can match it.
    var trackURI: String
    var state: RTSPSessionState = .ready
    /// The last RTSP request or RTCP packet from the client; the session ends `timeout` after it.
    var lastActivity: NIODeadline
    /// Who set it up: the only client that may control it. Its address also recognises the client's multicast
    /// receiver reports.
    let owner: SessionOwner

    init(id: String, stream: MediaStream, viewer: Viewer, trackURI: String, owner: SessionOwner, now: NIODeadline) {
        self.id = id
        self.owner = owner
        self.stream = stream
        self.viewer = viewer
        self.trackURI = trackURI
        self.lastActivity = now
    }

    /// 64 random bits in hex: unguessable, so one client cannot drive another's session.
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
