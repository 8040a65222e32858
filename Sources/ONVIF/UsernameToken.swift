import RTSPAuth

/// A WS-Security UsernameToken as sent in a request's Header (WSS UsernameToken Profile 1.0 §3.1).
public struct UsernameToken: Sendable, Hashable {
    public var username: String
    /// Base64(SHA-1(nonce + created + password)) as sent.
    public var passwordDigest: String
    /// The nonce's bytes (sent in base64).
    public var nonce: [UInt8]
    /// `wsu:Created` exactly as sent: it is part of the digest.
    public var created: String

    public init(username: String, passwordDigest: String, nonce: [UInt8], created: String) {
        self.username = username
        self.passwordDigest = passwordDigest
        self.nonce = nonce
        self.created = created
    }

    init(_ element: XMLElement) throws(SOAPFault) {
        guard let username = element.child(ONVIFNamespace.wsSecurity, "Username")?.trimmedText, !username.isEmpty else {
            throw .notAuthorized("UsernameToken has no Username")
        }
        guard let password = element.child(ONVIFNamespace.wsSecurity, "Password") else {
            throw .notAuthorized("UsernameToken has no Password")
        }
        // PasswordText would carry the password itself over plain HTTP; clients that know ONVIF send the digest.
        guard password.attributes["Type"] == ONVIFNamespace.passwordDigest else {
            throw .notAuthorized("UsernameToken Password Type \(password.attributes["Type"] ?? "none") is not PasswordDigest")
        }
        guard let nonceText = element.child(ONVIFNamespace.wsSecurity, "Nonce")?.trimmedText,
            let nonce = Base64Decoding.decode(nonceText), !nonce.isEmpty, nonce.count <= 64
        else {
            throw .notAuthorized("UsernameToken Nonce is missing or not base64 of 1 to 64 bytes")
        }
        guard let created = element.child(ONVIFNamespace.wsSecurityUtility, "Created")?.trimmedText, !created.isEmpty else {
            throw .notAuthorized("UsernameToken has no Created")
        }
        self.init(username: username, passwordDigest: password.trimmedText, nonce: nonce, created: created)
    }
}
