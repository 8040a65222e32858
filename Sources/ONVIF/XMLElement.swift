/// One element of a parsed request: its namespace and local name, its own text and its child elements. What
/// ONVIF's requests need of XML, copied out of libxml2's tree so that the rest of the code is pure Swift values.
public struct XMLElement: Sendable, Hashable {
    /// The namespace URI, nil for an element in no namespace.
    public var namespace: String?
    public var name: String
    /// The element's own text and CDATA, concatenated (children's text is theirs).
    public var text: String
    public var attributes: [String: String]
    /// The `xmlns:prefix` declarations on this element (`""` for the default namespace): what a QName in text,
    /// such as WS-Discovery's `dn:NetworkVideoTransmitter`, resolves against.
    public var namespaceDeclarations: [String: String]
    public var children: [XMLElement]

    public init(
        namespace: String?, name: String, text: String = "", attributes: [String: String] = [:],
        namespaceDeclarations: [String: String] = [:],
        children: [XMLElement] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.text = text
        self.attributes = attributes
        self.namespaceDeclarations = namespaceDeclarations
        self.children = children
    }

    /// The first child with this namespace and local name.
    public func child(_ namespace: String?, _ name: String) -> XMLElement? {
        children.first { $0.namespace == namespace && $0.name == name }
    }

    /// The first child with this local name, in any namespace: ONVIF request parameters (`ProfileToken`) are in
    /// the service's namespace, which a client may spell as either version's.
    public func child(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// The text with surrounding white space removed.
    public var trimmedText: String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }), let last = scalars.lastIndex(where: { !Self.isSpace($0) })
        else {
            return ""
        }
        return String(scalars[first...last])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
