/// A SOAP 1.2 fault with ONVIF's subcode (ONVIF Core §5.11.2): what a request gets instead of an answer.
public struct SOAPFault: Error, Sendable, Hashable {
    /// SOAP 1.2's fault codes: the sender's mistake or ours.
    public enum Code: String, Sendable, Hashable {
        case sender = "SOAP-ENV:Sender"
        case receiver = "SOAP-ENV:Receiver"
        case versionMismatch = "SOAP-ENV:VersionMismatch"
    }

    public var code: Code
    /// The `ter:` subcode ONVIF clients switch on; nil for none.
    public var subcode: String?
    /// A second-level subcode, as ONVIF nests them (`ter:InvalidArgVal` / `ter:NoProfile`).
    public var detailSubcode: String?
    public var reason: String

    public init(code: Code, subcode: String?, detailSubcode: String? = nil, reason: String) {
        self.code = code
        self.subcode = subcode
        self.detailSubcode = detailSubcode
        self.reason = reason
    }

    /// Credentials missing or wrong (ONVIF Core §5.12.2.4).
    public static func notAuthorized(_ reason: String) -> SOAPFault {
        SOAPFault(code: .sender, subcode: "ter:NotAuthorized", reason: reason)
    }

    /// An operation this device does not implement (ONVIF Core §5.11.2.3).
    public static func actionNotSupported(_ reason: String) -> SOAPFault {
        SOAPFault(code: .receiver, subcode: "ter:ActionNotSupported", reason: reason)
    }

    /// A document that is not a SOAP request at all.
    public static func wellFormed(_ reason: String) -> SOAPFault {
        SOAPFault(code: .sender, subcode: "ter:WellFormed", reason: reason)
    }

    /// An argument naming something that does not exist (a profile token).
    public static func invalidArgument(_ detail: String, _ reason: String) -> SOAPFault {
        SOAPFault(code: .sender, subcode: "ter:InvalidArgVal", detailSubcode: detail, reason: reason)
    }

    /// The HTTP status the fault travels with: ONVIF Core §5.12.2 sends Sender faults with 400 and Receiver
    /// faults with 500; zeep (onvif-zeep-async) reads the fault from either.
    public var httpStatus: Int {
        code == .receiver ? 500 : 400
    }

    /// The whole response document.
    public var document: String {
        SOAPEnvelope.document { body in
            body.element("SOAP-ENV:Fault") { fault in
                fault.element("SOAP-ENV:Code") { codeElement in
                    codeElement.element("SOAP-ENV:Value", text: code.rawValue)
                    if let subcode {
                        codeElement.element("SOAP-ENV:Subcode") { sub in
                            sub.element("SOAP-ENV:Value", text: subcode)
                            if let detailSubcode {
                                sub.element("SOAP-ENV:Subcode") { $0.element("SOAP-ENV:Value", text: detailSubcode) }
                            }
                        }
                    }
                }
                fault.element("SOAP-ENV:Reason") { $0.element("SOAP-ENV:Text", ["xml:lang": "en"], text: reason) }
            }
        }
    }
}
