/// Anything that produces a live H.264 stream: the x264 encoder fed by a camera or the test
/// pattern today, a camera's own H.264 tomorrow. The server knows sources only through this,
/// so how frames are made never leaks into how they are sent.
public protocol AccessUnitSource: AnyObject, Sendable {
    /// SPS and PPS, available before the first frame so DESCRIBE can answer at once.
    /// Read it only while `hasParameterSets` is true.
    var parameterSets: ParameterSets { get }
    /// False only while the source cannot know its SPS and PPS yet: a camera that encodes H.264
    /// itself and has not been seen since camstream started. DESCRIBE then answers 503 Service
    /// Unavailable (with Retry-After) instead of waiting, so one missing camera never holds up the
    /// server. Sources that encode themselves always know them (the default).
    var hasParameterSets: Bool { get }
    /// A short human description for logs, e.g. "test pattern 1280x720 at 30 fps".
    var description: String { get }
    /// Starts producing; `deliver` is called on the source's own thread, once per access unit, in order.
    func start(deliver: @escaping @Sendable (AccessUnit) -> Void) throws
    /// As `start(deliver:)`, and `ended` is called once, with why, if the source stops for good on its own
    /// (an encoder that failed, a camera that is gone), so the server can tell viewers with an RTCP BYE.
    /// Sources that never end need not implement it.
    func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws
    /// Asks that the next access unit be an IDR with SPS and PPS before it. Requests that arrive
    /// before that frame is made are served by the same IDR.
    func requestKeyframe()
    /// Stops producing and returns once no more `deliver` calls will happen.
    func stop()
}
