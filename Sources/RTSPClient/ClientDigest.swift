import Crypto

/// The client's half of Digest: the `response` value a request carries, from what the challenge said and the
/// password. A pure function of its inputs, so tests check it against RFC vectors.
///
/// (The server's side lives in RTSPAuth; this is the same arithmetic, kept here so the client does not depend on
/// how the server stores its users.)
///
/// Specification: RFC 2617 §3.2.2.1 (MD5, and the RFC 2069 form without qop), RFC 7616 §3.4.1 (SHA-256)
public enum ClientDigest {
    public enum Algorithm: String, Sendable, Hashable {
        case md5 = "MD5"
        case sha256 = "SHA-256"

        /// The algorithms a challenge may name; `MD5` when it names none (RFC 2617 §3.2.1).
        public init?(challengeName: String?) {
            switch challengeName?.uppercased() ?? "MD5" {
            case "MD5": self = .md5
            case "SHA-256": self = .sha256
            default: return nil
            }
        }

        /// Lowercase hex of the hash of `text`.
        public func hexDigest(_ text: String) -> String {
            switch self {
            case .md5: ClientDigest.hex(Insecure.MD5.hash(data: Array(text.utf8)))
            case .sha256: ClientDigest.hex(SHA256.hash(data: Array(text.utf8)))
            }
        }
    }

    /// H(H(user:realm:password):nonce:nc:cnonce:qop:H(method:uri)), or without qop
    /// H(H(user:realm:password):nonce:H(method:uri)).
    public static func response(
        algorithm: Algorithm, user: String, realm: String, password: String, method: String, uri: String, nonce: String,
        qop: String?, nonceCount: String?, clientNonce: String?
    ) -> String {
        let ha1 = algorithm.hexDigest("\(user):\(realm):\(password)")
        let ha2 = algorithm.hexDigest("\(method):\(uri)")
        if let qop, let nonceCount, let clientNonce {
            return algorithm.hexDigest("\(ha1):\(nonce):\(nonceCount):\(clientNonce):\(qop):\(ha2)")
        }
        return algorithm.hexDigest("\(ha1):\(nonce):\(ha2)")
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
