import RTSP

/// A request the server will not carry out, with the status that says why (Hummingbird's `HTTPResponseError`
/// idea): thrown anywhere in request handling and turned into exactly one response in one place, which also
/// logs `reason`. `headers` carries what the status needs (`Unsupported` for 551, `Allow` for 405).
struct RequestRefusal: Error, CustomStringConvertible {
    var status: RTSPStatus
    var reason: String
    var headers: RTSPHeaders

    init(_ status: RTSPStatus, _ reason: String, headers: RTSPHeaders = [:]) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    var description: String { "\(status.code) \(status.reasonPhrase): \(reason)" }
}
