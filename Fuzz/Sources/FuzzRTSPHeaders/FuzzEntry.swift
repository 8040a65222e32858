import RTSP
import RTSPAuth

/// Header values as clients write them. Each typed header either rejects the text or accepts it,
/// and what it accepts renders to a canonical form that parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTSPHeaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let transport = try? TransportHeader(parsing: text) {
        precondition((try? TransportHeader(parsing: transport.rendered)) == transport, "Transport round trip: \(text)")
    }
    if let session = try? SessionHeader(parsing: text) {
        precondition((try? SessionHeader(parsing: session.rendered)) == session, "Session round trip: \(text)")
    }
    if let range = try? RangeHeader(parsing: text) {
        _ = range.rendered
    }
    // Authorization arrives before any credentials are checked: the parser is the first thing an attacker reaches.
    _ = try? AuthorizationHeader(parsing: text)
    if let info = try? RTPInfoHeader(parsing: text) {
        precondition((try? RTPInfoHeader(parsing: info.rendered)) == info, "RTP-Info round trip: \(text)")
    }
    return 0
}
