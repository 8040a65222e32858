/// A WS-Discovery Probe as a device needs it: who asked (to relate the answer) and what for.
///
/// Specification: WS-Discovery (2005/04) §5.2; ONVIF Core §7.3.
public struct DiscoveryProbe: Sendable, Hashable {
    /// The probe's `wsa:MessageID`, which the ProbeMatch's `RelatesTo` names.
    public var messageID: String
    /// Types asked for, as (namespace, local name); empty asks for any.
    public var types: [QualifiedName]
    /// Scopes asked for; empty asks for any.
    public var scopes: [String]
    /// `MatchBy` of the Scopes, nil for the default (RFC 3986 prefix matching).
    public var scopeMatchRule: String?

    public struct QualifiedName: Sendable, Hashable {
        public var namespace: String
        public var name: String

        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    public init(messageID: String, types: [QualifiedName], scopes: [String], scopeMatchRule: String? = nil) {
        self.messageID = messageID
        self.types = types
        self.scopes = scopes
        self.scopeMatchRule = scopeMatchRule
    }

    /// What an incoming datagram is: a Probe, or something a device ignores (its own Hello, another device's
    /// ProbeMatch, garbage), with why for the debug log.
    public enum Parsed: Sendable, Hashable {
        case probe(DiscoveryProbe)
        case ignored(String)
    }

    public static func parse(_ bytes: [UInt8]) -> Parsed {
        let root: XMLElement
        do {
            root = try XMLDocumentParser.parse(bytes)
        } catch {
            return .ignored("\(error)")
        }
        guard root.namespace == ONVIFNamespace.soapEnvelope, root.name == "Envelope",
            let body = root.child(ONVIFNamespace.soapEnvelope, "Body")
        else { return .ignored("not a SOAP 1.2 envelope") }
        guard let probe = body.child(ONVIFNamespace.discovery, "Probe") else {
            return .ignored("not a Probe: \(body.children.first.map { $0.name } ?? "empty body")")
        }
        guard let messageID = root.child(ONVIFNamespace.soapEnvelope, "Header")?.child(ONVIFNamespace.addressing, "MessageID")?.trimmedText,
            !messageID.isEmpty, messageID.utf8.count <= 256
        else { return .ignored("Probe without a MessageID") }
        var types: [QualifiedName] = []
        if let typesElement = probe.child(ONVIFNamespace.discovery, "Types") {
            let path = [root, body, probe, typesElement]
            for qualified in typesElement.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                let parts = qualified.split(separator: ":", maxSplits: 1)
                let prefix = parts.count == 2 ? String(parts[0]) : ""
                guard let namespace = path.reversed().lazy.compactMap({ $0.namespaceDeclarations[prefix] }).first else {
                    return .ignored("type \(qualified.prefix(64)) has an undeclared prefix")
                }
                types.append(QualifiedName(namespace: namespace, name: String(parts.last ?? "")))
            }
        }
        let scopesElement = probe.child(ONVIFNamespace.discovery, "Scopes")
        let scopes = (scopesElement?.text ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(
            String.init)
        return .probe(
            DiscoveryProbe(messageID: messageID, types: types, scopes: scopes, scopeMatchRule: scopesElement?.attributes["MatchBy"]))
    }

    /// Whether a device of `deviceTypes` with `deviceScopes` answers: every type asked for is one of ours, and
    /// every scope asked for matches one of ours.
    public func matches(deviceTypes: [QualifiedName], deviceScopes: [String]) -> Bool {
        guard types.allSatisfy(deviceTypes.contains) else { return false }
        return scopes.allSatisfy { asked in deviceScopes.contains { Self.scope(asked, matches: $0, rule: scopeMatchRule) } }
    }

    static let rfc3986 = "http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986"
    static let strcmp0 = "http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0"

    /// WS-Discovery §5.1's rules: `strcmp0` is equality; RFC 3986 (the default) compares scheme and authority
    /// without case and the asked path's segments as a prefix of the device's. Any other rule matches nothing.
    static func scope(_ asked: String, matches device: String, rule: String?) -> Bool {
        switch rule ?? rfc3986 {
        case strcmp0: return asked == device
        case rfc3986:
            guard let askedParts = uriParts(asked), let deviceParts = uriParts(device), askedParts.origin == deviceParts.origin else {
                return false
            }
            return askedParts.segments.count <= deviceParts.segments.count
                && zip(askedParts.segments, deviceParts.segments).allSatisfy { $0 == $1 }
        default: return false
        }
    }

    private static func uriParts(_ uri: String) -> (origin: String, segments: [Substring])? {
        guard let schemeEnd = uri.firstRange(of: "://") else { return nil }
        let afterScheme = uri[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let origin = (uri[..<schemeEnd.lowerBound] + "://" + afterScheme[..<authorityEnd]).lowercased()
        let segments = afterScheme[authorityEnd...].split(separator: "/", omittingEmptySubsequences: true)
        return (origin, segments)
    }
}
