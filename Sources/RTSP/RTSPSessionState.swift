/// Where an RTSP session stands, and which requests may move it: the server half of RFC 2326 Appendix A for a
/// server that plays and never records.
///
/// | state     | SETUP            | PLAY      | PAUSE     | TEARDOWN |
/// |-----------|------------------|-----------|-----------|----------|
/// | `ready`   | `ready`          | `playing` | 455       | ended    |
/// | `playing` | 455 (see below)  | `playing` | `ready`   | ended    |
///
/// SETUP while playing would change the transport under a running stream; RFC 2326 §10.4 lets a server that
/// cannot do that answer 455, and gst-rtsp-server answers PAUSE in `ready` with 455 the same way. Methods that
/// do not change state (OPTIONS, DESCRIBE, GET_PARAMETER, SET_PARAMETER) are valid in every state.
///
/// Specification: RFC 2326 Appendix A, §10.4, §10.6
public enum RTSPSessionState: Sendable, Hashable, CustomStringConvertible {
    /// Set up: a transport is chosen, nothing is being sent.
    case ready
    /// Media is flowing (or about to, once the next keyframe is made).
    case playing

    /// The state after `method` succeeds, or nil when the method is not valid in this state (answer 455).
    /// TEARDOWN ends the session, so its next state is nil too: callers handle it before asking.
    public func next(after method: RTSPMethod) -> RTSPSessionState? {
        switch (self, method) {
        case (.ready, .setup): .ready
        case (.ready, .play), (.playing, .play): .playing
        case (.playing, .pause): .ready
        case (_, .options), (_, .describe), (_, .getParameter), (_, .setParameter): self
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .ready: "ready"
        case .playing: "playing"
        }
    }
}
