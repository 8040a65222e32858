import Crypto

/// The Digest hash functions: MD5 because every RTSP client speaks it (VLC/live555, ffmpeg, GStreamer),
/// SHA-256 (RFC 7616) offered alongside for clients that can do better.
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable {
    case md5 = "MD5"
    case sha256 = "SHA-256"

    init?(name: String) {
        switch name.uppercased() {
        case "MD5": self = .md5
        case "SHA-256": self = .sha256
        default: return nil
        }
    }

    /// Lowercase hex of the hash of `text`, the form every Digest value takes.
    public func hexDigest(_ text: String) -> String {
        switch self {
        case .md5: Self.hex(Insecure.MD5.hash(data: Array(text.utf8)))
        case .sha256: Self.hex(SHA256.hash(data: Array(text.utf8)))
        }
    }

    /// H(username:realm:password): what a config file may store instead of the password.
    public func ha1(username: String, realm: String, password: String) -> String {
        hexDigest("\(username):\(realm):\(password)")
    }

    /// The request-digest (RFC 2617 §3.2.2.1): with qop, H(HA1:nonce:nc:cnonce:qop:HA2); without it
    /// (RFC 2069, what live555 sends), H(HA1:nonce:HA2); HA2 = H(method:uri) either way.
    public func response(
        ha1: String, nonce: String, method: String, uri: String, qop: String? = nil, nonceCount: String? = nil, clientNonce: String? = nil
    ) -> String {
        let ha2 = hexDigest("\(method):\(uri)")
        if let qop, let nonceCount, let clientNonce {
            return hexDigest("\(ha1):\(nonce):\(nonceCount):\(clientNonce):\(qop):\(ha2)")
        }
        return hexDigest("\(ha1):\(nonce):\(ha2)")
    }

    /// The request-digest from the password itself: what a client computes (camstream's tests, and its own
    /// RTSP publisher answering a server's challenge). `qop`, `nonceCount` and `clientNonce` go together; nil
    /// for the RFC 2069 form.
    public func response(
        username: String, realm: String, password: String, method: String, uri: String, nonce: String,
        qop: String? = nil, nonceCount: String? = nil, clientNonce: String? = nil
    ) -> String {
        response(
            ha1: ha1(username: username, realm: realm, password: password), nonce: nonce, method: method, uri: uri,
            qop: qop, nonceCount: nonceCount, clientNonce: clientNonce)
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
