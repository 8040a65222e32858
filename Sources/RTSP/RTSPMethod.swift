/// The method of an RTSP request.
///
/// A struct over the raw token rather than an enum: RFC 2326 lets methods be extended, and a server must be able
/// to receive an unknown method (say `GET` from a confused HTTP client, or a vendor extension) and answer
/// `501 Not Implemented` instead of failing to parse. Methods are case-sensitive, so `play` is not `PLAY`.
///
/// Specification: RFC 2326 §6.1, §10
public struct RTSPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// Specification: RFC 2326 §10.1
    public static let options = RTSPMethod(rawValue: "OPTIONS")
    /// Specification: RFC 2326 §10.2
    public static let describe = RTSPMethod(rawValue: "DESCRIBE")
    /// Specification: RFC 2326 §10.3
    public static let announce = RTSPMethod(rawValue: "ANNOUNCE")
    /// Specification: RFC 2326 §10.4
    public static let setup = RTSPMethod(rawValue: "SETUP")
    /// Specification: RFC 2326 §10.5
    public static let play = RTSPMethod(rawValue: "PLAY")
    /// Specification: RFC 2326 §10.6
    public static let pause = RTSPMethod(rawValue: "PAUSE")
    /// Specification: RFC 2326 §10.7
    public static let teardown = RTSPMethod(rawValue: "TEARDOWN")
    /// Clients (VLC, ffmpeg) send it as a keep-alive that refreshes the session timeout.
    ///
    /// Specification: RFC 2326 §10.8
    public static let getParameter = RTSPMethod(rawValue: "GET_PARAMETER")
    /// Specification: RFC 2326 §10.9
    public static let setParameter = RTSPMethod(rawValue: "SET_PARAMETER")
    /// Specification: RFC 2326 §10.10
    public static let redirect = RTSPMethod(rawValue: "REDIRECT")
    /// Specification: RFC 2326 §10.11
    public static let record = RTSPMethod(rawValue: "RECORD")
}
