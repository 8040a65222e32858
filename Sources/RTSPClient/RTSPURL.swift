/// An `rtsp://` URL as a publisher dials it: host, port and path, and the user and password it may carry.
///
/// The credentials are split off at parse time so that nothing logs or sends them by accident: `redacted`
/// and `requestURI` never contain them. Percent-escapes in the user and password are decoded (`p%40ss` is
/// `p@ss`), as RFC 3986 §3.2.1 writes characters that would end the userinfo.
///
/// Specification: RFC 2326 §3.2, RFC 3986 §3
public struct RTSPURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP literal, without the brackets of an IPv6 literal.
    public var host: String
    /// 554, RTSP's registered port, when the URL names none (RFC 2326 §3.2).
    public var port: Int
    /// The path with its leading slash, e.g. `/garden`; `/` when the URL has none.
    public var path: String
    public var user: String?
    public var password: String?

    public static let defaultPort = 554

    public init(host: String, port: Int = Self.defaultPort, path: String = "/", user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.path = path
        self.user = user
        self.password = password
    }

    /// Parses `rtsp://[user[:password]@]host[:port][/path]`. Query and fragment are kept in the path: a relay
    /// may use them (MediaMTX reads `?` parameters), and they are sent back exactly as written.
    public init(parsing text: String) throws(RTSPURLError) {
        guard let schemeEnd = text.firstRange(of: "://") else { throw .notAURL(text) }
        let scheme = text[..<schemeEnd.lowerBound]
        guard scheme.lowercased() == "rtsp" else { throw .unsupportedScheme(String(scheme)) }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty { path = "/" } else if !path.hasPrefix("/") { path = "/" + path }
        guard !path.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidPath(path)
        }
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let colon = userinfo.firstIndex(of: ":")
            let user = try Self.percentDecoded(userinfo[..<(colon ?? userinfo.endIndex)])
            guard !user.isEmpty else { throw .emptyUser }
            self.user = user
            if let colon { self.password = try Self.percentDecoded(userinfo[userinfo.index(after: colon)...]) }
        }
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost(String(authority)) }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost(String(authority)) }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .missingHost }
        guard hostPart.unicodeScalars.allSatisfy(Self.isHostCharacter) else { throw .invalidHost(String(hostPart)) }
        self.host = String(hostPart)
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let port = Int(portText),
                (1...65535).contains(port)
            else { throw .invalidPort(String(portText)) }
            self.port = port
        } else {
            self.port = Self.defaultPort
        }
        self.path = path
    }

    /// `host:port` with IPv6 literals bracketed.
    public var authority: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "\(host):\(port)"
    }

    /// The URL requests name, without credentials: `rtsp://relay.example:8554/garden`.
    public var requestURI: String { "rtsp://\(authority)\(path)" }

    /// For logs: the user is shown, the password never is.
    public var redacted: String {
        guard let user else { return requestURI }
        return "rtsp://\(user)\(password == nil ? "" : ":***")@\(authority)\(path)"
    }

    public var description: String { redacted }

    /// A URL relative to this one, as a `Location` header or an SDP control attribute names it: absolute
    /// URLs are taken as they are (without credentials of their own, they keep ours); anything else is a path
    /// below this URL.
    public func resolving(_ reference: String) throws(RTSPURLError) -> RTSPURL {
        if reference.contains("://") {
            var resolved = try RTSPURL(parsing: reference)
            if resolved.user == nil {
                resolved.user = user
                resolved.password = password
            }
            return resolved
        }
        var resolved = self
        if reference.hasPrefix("/") {
            resolved.path = reference
        } else {
            resolved.path = path.hasSuffix("/") ? path + reference : path + "/" + reference
        }
        return resolved
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || ".-:%_".unicodeScalars.contains(scalar)
    }

    private static func percentDecoded(_ text: Substring) throws(RTSPURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                throw .invalidEscape(String(text))
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a text is not an `rtsp://` URL a publisher can dial; each case names what was wrong.
public enum RTSPURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAURL(String)
    case unsupportedScheme(String)
    case missingHost
    case invalidHost(String)
    case invalidPort(String)
    case invalidPath(String)
    case emptyUser
    case invalidEscape(String)

    public var description: String {
        switch self {
        case .notAURL: "not a URL (expected rtsp://host[:port]/path)"
        case .unsupportedScheme(let scheme): "scheme '\(scheme)' is not rtsp (expected rtsp://host[:port]/path)"
        case .missingHost: "no host (expected rtsp://host[:port]/path)"
        case .invalidHost(let host): "invalid host '\(host)'"
        case .invalidPort(let port): "port '\(port)' is not a number from 1 to 65535"
        case .invalidPath(let path): "path '\(path.prefix(64))' contains spaces or control characters"
        case .emptyUser: "empty user name before '@'"
        case .invalidEscape: "a % in the user or password is not followed by two hex digits"
        }
    }
}
