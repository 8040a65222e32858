/// SOAP 1.2 envelopes: reading a request's header and body, writing a response's.
public enum SOAPEnvelope {
    /// A response document: the Envelope with ONVIF's namespaces declared once, an empty Header, and a Body
    /// filled by `body`.
    public static func document(_ body: (inout XMLWriter) -> Void) -> String {
        var writer = XMLWriter()
        writer.element("SOAP-ENV:Envelope", ONVIFNamespace.envelopeDeclarations) { envelope in
            envelope.element("SOAP-ENV:Body", content: body)
        }
        return writer.text
    }
}

/// A request as the services need it: the operation element (the Body's first child) and the WS-Security
/// UsernameToken of the Header, if any.
public struct SOAPRequest: Sendable, Hashable {
    public var operation: XMLElement
    public var usernameToken: UsernameToken?

    public init(operation: XMLElement, usernameToken: UsernameToken?) {
        self.operation = operation
        self.usernameToken = usernameToken
    }

    /// Parses the bytes of a POST body; the fault says what was wrong.
    public init(parsing bytes: [UInt8]) throws(SOAPFault) {
        let root: XMLElement
        do {
            root = try XMLDocumentParser.parse(bytes)
        } catch {
            throw .wellFormed("\(error)")
        }
        guard root.name == "Envelope" else { throw .wellFormed("root element is \(root.name), not a SOAP Envelope") }
        guard root.namespace == ONVIFNamespace.soapEnvelope else {
            throw SOAPFault(
                code: .versionMismatch, subcode: nil, reason: "envelope namespace \(root.namespace ?? "none") is not SOAP 1.2's")
        }
        guard let body = root.child(ONVIFNamespace.soapEnvelope, "Body") else { throw .wellFormed("the Envelope has no Body") }
        guard let operation = body.children.first else { throw .wellFormed("the Body is empty") }
        self.operation = operation
        let token = root.child(ONVIFNamespace.soapEnvelope, "Header")?
            .child(ONVIFNamespace.wsSecurity, "Security")?
            .child(ONVIFNamespace.wsSecurity, "UsernameToken")
        self.usernameToken = try token.map { element throws(SOAPFault) in try UsernameToken(element) }
    }
}
