import NIOHTTP1

/// Why an HTTP request is not answered with what it asked for: the status, a reason for the log line and the
/// body, and any headers the client needs (a Digest challenge, Retry-After).
struct HTTPRefusal: Error {
    var status: HTTPResponseStatus
    var reason: String
    var headers: HTTPHeaders = [:]
}
