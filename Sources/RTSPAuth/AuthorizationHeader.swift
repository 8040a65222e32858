/// The credentials a client sends in `Authorization` (RFC 2617 §3.2.2, RFC 7616 §3.4, RFC 7617 for Basic).
///
/// Parsed leniently as clients write it: parameter names in any case, values quoted or not, in any order.
/// Specification: RFC 2617 §3.2.2, RFC 7616 §3.4
public enum AuthorizationHeader: Sendable, Hashable {
    case digest(DigestCredentials)
    case basic(username: String, password: String)

    public struct DigestCredentials: Sendable, Hashable {
        public var username: String
        public var realm: String
        public var nonce: String
        public var uri: String
        public var response: String
        public var algorithm: DigestAlgorithm
        /// `auth` when the client answers a qop challenge (RFC 2617); nil for the RFC 2069 form live555 uses.
        public var qop: String?
        public var nonceCount: String?
        public var clientNonce: String?
        public var opaque: String?

        public init(
            username: String, realm: String, nonce: String, uri: String, response: String, algorithm: DigestAlgorithm = .md5,
            qop: String? = nil, nonceCount: String? = nil, clientNonce: String? = nil, opaque: String? = nil
        ) {
            self.username = username
            self.realm = realm
            self.nonce = nonce
            self.uri = uri
            self.response = response
            self.algorithm = algorithm
            self.qop = qop
            self.nonceCount = nonceCount
            self.clientNonce = clientNonce
            self.opaque = opaque
        }

        /// The header value a client sends (`Digest username="…", …`), parameters in the order ffmpeg writes
        /// them; quoted strings escape `"` and `\`, and a token parameter is quoted only if it is not a token.
        public var headerValue: String {
            func quoted(_ text: String) -> String {
                "\"" + text.escapingQuotes() + "\""
            }
            func token(_ text: String) -> String {
                text.isEmpty || text.contains(where: { " \t\",;\\=".contains($0) }) ? quoted(text) : text
            }
            var text = "Digest username=\(quoted(username)), realm=\(quoted(realm)), nonce=\(quoted(nonce)), uri=\(quoted(uri))"
            text += ", response=\(quoted(response)), algorithm=\(algorithm.rawValue)"
            if let qop { text += ", qop=\(token(qop))" }
            if let nonceCount { text += ", nc=\(token(nonceCount))" }
            if let clientNonce { text += ", cnonce=\(quoted(clientNonce))" }
            if let opaque { text += ", opaque=\(quoted(opaque))" }
            return text
        }
    }

    /// What form of credentials these are, for a log line: `Basic`, `Digest MD5 qop=auth`, `Digest SHA-256 RFC 2069`.
    public var form: String {
        switch self {
        case .basic: "Basic"
        case .digest(let credentials): "Digest \(credentials.algorithm.rawValue) \(credentials.qop.map { "qop=\($0.prefix(16))" } ?? "RFC 2069")"
        }
    }

    public init(parsing text: String) throws(AuthenticationError) {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            throw .malformedAuthorization("no scheme and credentials in '\(text.prefix(64))'")
        }
        let scheme = trimmed[..<space].lowercased()
        let rest = trimmed[space...].drop(while: { $0 == " " || $0 == "\t" })
        switch scheme {
        case "basic":
            guard let decoded = Base64Decoding.decode(String(rest)), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
                throw .malformedAuthorization("Basic credentials are not base64 of user:password")
            }
            self = .basic(
                username: String(decoding: decoded[..<colon], as: UTF8.self),
                password: String(decoding: decoded[(colon + 1)...], as: UTF8.self))
        case "digest":
            let parameters = try Self.parameters(rest)
            func required(_ name: String) throws(AuthenticationError) -> String {
                guard let value = parameters[name] else { throw .malformedAuthorization("Digest credentials without \(name)") }
                return value
            }
            let algorithmName = parameters["algorithm"] ?? "MD5"
            guard let algorithm = DigestAlgorithm(name: algorithmName) else {
                throw .malformedAuthorization("unsupported Digest algorithm '\(algorithmName.prefix(32))'")
            }
            self = .digest(
                DigestCredentials(
                    username: try required("username"), realm: try required("realm"), nonce: try required("nonce"),
                    uri: try required("uri"), response: try required("response"), algorithm: algorithm,
                    qop: parameters["qop"], nonceCount: parameters["nc"], clientNonce: parameters["cnonce"], opaque: parameters["opaque"]))
        default:
            throw .malformedAuthorization("unsupported scheme '\(scheme.prefix(32))'")
        }
    }

    /// `name=value` or `name="quoted value"`, comma-separated; a backslash escapes inside quotes (RFC 7230 quoted-pair).
    static func parameters(_ text: Substring) throws(AuthenticationError) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        func skipSeparators() {
            while index < text.endIndex, text[index] == " " || text[index] == "\t" || text[index] == "," { index = text.index(after: index) }
        }
        skipSeparators()
        while index < text.endIndex {
            let nameStart = index
            while index < text.endIndex, text[index] != "=", text[index] != "," { index = text.index(after: index) }
            let name = text[nameStart..<index].trimmingCharacters(in: " \t").lowercased()
            guard index < text.endIndex, text[index] == "=", !name.isEmpty else {
                throw .malformedAuthorization("parameter without a value near '\(text[nameStart...].prefix(32))'")
            }
            index = text.index(after: index)
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
            var value = ""
            if index < text.endIndex, text[index] == "\"" {
                index = text.index(after: index)
                var closed = false
                while index < text.endIndex {
                    let character = text[index]
                    index = text.index(after: index)
                    if character == "\"" {
                        closed = true
                        break
                    }
                    if character == "\\", index < text.endIndex {
                        value.append(text[index])
                        index = text.index(after: index)
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { throw .malformedAuthorization("unterminated quoted value for \(name)") }
            } else {
                let valueStart = index
                while index < text.endIndex, text[index] != "," { index = text.index(after: index) }
                value = text[valueStart..<index].trimmingCharacters(in: " \t")
            }
            guard result[name] == nil else { throw .malformedAuthorization("parameter \(name) given twice") }
            result[name] = value
            skipSeparators()
        }
        return result
    }
}

extension String {
    fileprivate func escapingQuotes() -> String {
        var result = ""
        for character in self {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
