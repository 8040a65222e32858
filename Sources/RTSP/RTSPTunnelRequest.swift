/// The HTTP request that opens one half of RTSP tunnelled over HTTP (Apple's QuickTime scheme, which live555's
/// `openRTSP -T`, VLC and ffmpeg's `-rtsp_transport http` speak, and ONVIF Profile S requires):
///
/// - `GET` with `x-sessioncookie` and `Accept: application/x-rtsp-tunnelled` opens the data channel: the server
///   answers `200 OK` with no length and from then on writes RTSP responses and interleaved `$` media into it;
/// - `POST` with the same `x-sessioncookie` carries the client's RTSP requests, base64-encoded, as its body (with
///   a nominal `Content-Length` such as ffmpeg's and live555's 32767, which the body may outlast).
///
/// `recognize` looks at a connection's first bytes and says which it is, or that it is an ordinary request for
/// the port's own protocol (an RTSP method, an HTTP GET of a page), or that it needs more bytes to tell. Pure:
/// bytes in, a value out.
public struct RTSPTunnelRequest: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// The data channel (server to client).
        case get = "GET"
        /// The request channel (client to server).
        case post = "POST"
    }

    public var role: Role
    /// The request target as sent (`/cam`, or an absolute URL).
    public var target: String
    public var sessionCookie: String
    /// Bytes of the request head, through its empty line: what follows belongs to the tunnel.
    public var headLength: Int
    /// The `Authorization` header, if the client sent one (clients also authenticate the RTSP requests inside).
    public var authorization: String?

    public init(role: Role, target: String, sessionCookie: String, headLength: Int, authorization: String? = nil) {
        self.role = role
        self.target = target
        self.sessionCookie = sessionCookie
        self.headLength = headLength
        self.authorization = authorization
    }

    public enum Recognition: Sendable, Hashable {
        /// Not enough bytes yet to tell.
        case needMore
        /// Not a tunnel: the port's ordinary handlers take these bytes (and refuse them if they are bad).
        case notTunnel
        case tunnel(RTSPTunnelRequest)
        /// A tunnel request that cannot be served, and why (for the 400 and the log line).
        case malformed(String)
    }

    /// ffmpeg sends 16 hex digits, live555 about 22 characters, QuickTime 22: 128 leaves room and bounds the table.
    public static let maxCookieBytes = 128
    public static let contentType = "application/x-rtsp-tunnelled"

    /// - Parameter maxHeadBytes: a head not complete within this many bytes is not recognised as a tunnel: the
    ///   port's own parser then refuses it as too large.
    public static func recognize(_ bytes: [UInt8], maxHeadBytes: Int) -> Recognition {
        for method in ["GET ", "POST "] {
            let prefix = Array(method.utf8)
            let shared = min(prefix.count, bytes.count)
            guard bytes.prefix(shared).elementsEqual(prefix.prefix(shared)) else { continue }
            guard bytes.count >= prefix.count else { return .needMore }
            return recognizeHead(bytes, role: method == "GET " ? .get : .post, maxHeadBytes: maxHeadBytes)
        }
        return .notTunnel
    }

    private static func recognizeHead(_ bytes: [UInt8], role: Role, maxHeadBytes: Int) -> Recognition {
        guard let headLength = endOfHead(bytes, limit: maxHeadBytes) else {
            return bytes.count > maxHeadBytes ? .notTunnel : .needMore
        }
        // Lines split on bytes: in a Swift String "\r\n" is one Character, and would not split on "\n".
        let lines = bytes.prefix(headLength).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)[...]
        }
        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return .notTunnel }
        var cookie: Substring?
        var acceptsTunnel = false
        var contentType: Substring?
        var authorization: Substring?
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            switch line[..<colon].lowercased() {
            case "x-sessioncookie": cookie = value
            // ffmpeg's GET carries two: its HTTP client's `*/*`, then the tunnel's.
            case "accept": acceptsTunnel = acceptsTunnel || value.lowercased().contains(Self.contentType)
            case "content-type": contentType = value
            case "authorization": authorization = value
            default: break
            }
        }
        let tunnelled = { (value: Substring?) in value?.lowercased().contains(Self.contentType) ?? false }
        switch role {
        case .get:
            // A GET is a tunnel only when it asks for one; any other GET is a page for the HTTP port.
            guard let cookie, acceptsTunnel else { return .notTunnel }
            return validated(cookie, role: role, target: requestLine[1], headLength: headLength, authorization: authorization)
        case .post:
            guard let cookie else {
                return tunnelled(contentType) ? .malformed("POST of \(Self.contentType) without an x-sessioncookie header") : .notTunnel
            }
            return validated(cookie, role: role, target: requestLine[1], headLength: headLength, authorization: authorization)
        }
    }

    private static func validated(_ cookie: Substring, role: Role, target: Substring, headLength: Int, authorization: Substring?)
        -> Recognition
    {
        let trimmed = cookie.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        let bytes = Array(String(trimmed).utf8)
        guard (1...maxCookieBytes).contains(bytes.count) else {
            return .malformed("x-sessioncookie of \(bytes.count) bytes; expected 1 to \(maxCookieBytes)")
        }
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .malformed("x-sessioncookie holds bytes outside visible ASCII")
        }
        return .tunnel(
            RTSPTunnelRequest(
                role: role, target: String(target), sessionCookie: String(decoding: bytes, as: UTF8.self), headLength: headLength,
                authorization: authorization.map(String.init)))
    }

    /// The length of the head through its blank line (CRLF CRLF, or bare LF LF as lenient peers send).
    private static func endOfHead(_ bytes: [UInt8], limit: Int) -> Int? {
        let end = min(bytes.count, limit)
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                let next = index + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next + 1 }
                if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == UInt8(ascii: "\n") { return next + 2 }
            }
            index += 1
        }
        return nil
    }
}
