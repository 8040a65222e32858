import RTSPAuth

/// What a publisher answers a relay's challenge with: it picks the strongest scheme offered (Digest SHA-256,
/// then Digest MD5, then Basic) and writes an `Authorization` value for each later request, counting `nc` up
/// for qop=auth as RFC 2617 §3.2.2 requires.
///
/// Specification: RFC 2617 §3.2.2, RFC 7616 §3.4, RFC 7617 §2
struct ClientAuthorization: Sendable, Hashable {
    enum Scheme: Sendable, Hashable {
        case digest(DigestAlgorithm, realm: String, nonce: String, qop: String?, opaque: String?, algorithmNamed: Bool)
        case basic
    }

    var user: String
    var password: String
    var scheme: Scheme
    var clientNonce: String
    private var nonceCount: UInt32 = 0

    /// The strongest usable challenge; nil when none is Digest MD5/SHA-256 or Basic.
    init?(challenges: [AuthenticationChallenge], user: String, password: String, clientNonce: String) {
        let digests = challenges.filter { $0.scheme == "digest" }.compactMap {
            challenge -> (DigestAlgorithm, AuthenticationChallenge)? in
            guard challenge.parameters["nonce"] != nil,
                // A challenge that names no algorithm means MD5 (RFC 2617 §3.2.1).
                let algorithm = DigestAlgorithm(name: challenge.parameters["algorithm"] ?? "MD5")
            else { return nil }
            return (algorithm, challenge)
        }
        let best = digests.first { $0.0 == .sha256 } ?? digests.first
        if let best {
            let (algorithm, parameters) = (best.0, best.1.parameters)
            // qop is a list (`auth,auth-int`); only auth protects no body, which is what a request needs.
            let offersAuth = parameters["qop"].map { $0.split(separator: ",").contains { $0.trimmingCharacters() == "auth" } } ?? false
            scheme = .digest(
                algorithm, realm: parameters["realm"] ?? "", nonce: parameters["nonce"] ?? "", qop: offersAuth ? "auth" : nil,
                opaque: parameters["opaque"], algorithmNamed: parameters["algorithm"] != nil)
        } else if challenges.contains(where: { $0.scheme == "basic" }) {
            scheme = .basic
        } else {
            return nil
        }
        self.user = user
        self.password = password
        self.clientNonce = clientNonce
    }

    var realm: String? {
        if case .digest(_, let realm, _, _, _, _) = scheme { realm } else { nil }
    }

    /// The `Authorization` value for one request; each call counts one use of the nonce.
    mutating func value(method: String, uri: String) -> String {
        switch scheme {
        case .basic:
            return "Basic \(Self.base64(Array("\(user):\(password)".utf8)))"
        case .digest(let algorithm, let realm, let nonce, let qop, let opaque, let algorithmNamed):
            nonceCount &+= 1
            let nc = Self.hex8(nonceCount)
            let response = algorithm.response(
                username: user, realm: realm, password: password, method: method, uri: uri, nonce: nonce, qop: qop,
                nonceCount: qop == nil ? nil : nc, clientNonce: qop == nil ? nil : clientNonce)
            var parts = [
                "username=\"\(Self.quoted(user))\"", "realm=\"\(Self.quoted(realm))\"", "nonce=\"\(Self.quoted(nonce))\"",
                "uri=\"\(Self.quoted(uri))\"",
                "response=\"\(response)\"",
            ]
            if algorithmNamed { parts.append("algorithm=\(algorithm.rawValue)") }
            if let qop { parts.append(contentsOf: ["qop=\(qop)", "nc=\(nc)", "cnonce=\"\(Self.quoted(clientNonce))\""]) }
            if let opaque { parts.append("opaque=\"\(Self.quoted(opaque))\"") }
            return "Digest " + parts.joined(separator: ", ")
        }
    }

    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            // A line break would end the header and start another one.
            if character == "\r" || character == "\n" { continue }
            escaped.append(character)
        }
        return escaped
    }

    private static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                output.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
