/// The namespaces ONVIF's messages use, and the prefixes our responses declare for them on the Envelope.
public enum ONVIFNamespace {
    /// SOAP 1.2 (ONVIF Core §5.1: devices speak SOAP 1.2).
    public static let soapEnvelope = "http://www.w3.org/2003/05/soap-envelope"
    public static let schema = "http://www.onvif.org/ver10/schema"
    public static let device = "http://www.onvif.org/ver10/device/wsdl"
    public static let media = "http://www.onvif.org/ver10/media/wsdl"
    public static let error = "http://www.onvif.org/ver10/error"
    public static let network = "http://www.onvif.org/ver10/network/wsdl"
    public static let wsSecurity = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    public static let wsSecurityUtility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    public static let passwordDigest = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
    public static let passwordText = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
    /// WS-Discovery as ONVIF devices speak it (the 2005/04 draft, ONVIF Core §7.3), and its addressing.
    public static let discovery = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
    public static let addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing"

    /// `xmlns:` attributes for a response Envelope.
    static let envelopeDeclarations: KeyValuePairs<String, String> = [
        "xmlns:SOAP-ENV": soapEnvelope,
        "xmlns:tt": schema,
        "xmlns:tds": device,
        "xmlns:trt": media,
        "xmlns:ter": error,
    ]
}
