/// One unit read off an RTSP connection.
///
/// Requests, responses and interleaved binary frames share the same TCP stream (a server may even send a request
/// to the client), so one parser yields all three and the caller dispatches on the case.
///
/// Specification: RFC 2326 §4, §10.12
public enum RTSPMessage: Sendable, Hashable {
    case request(RTSPRequest)
    case response(RTSPResponse)
    case interleaved(InterleavedFrame)
}
