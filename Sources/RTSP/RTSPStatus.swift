/// The status code and reason phrase of an RTSP response.
///
/// A struct rather than an enum so that a client can hold any code a server sends (RFC 2326 §7.1.1 says unknown
/// codes are treated as the x00 of their class) and keep the exact phrase it received. The statics carry the
/// phrases of RFC 2326 §7.1.1, which is what the serializer writes.
///
/// Specification: RFC 2326 §7.1.1, §11
public struct RTSPStatus: Hashable, Sendable, CustomStringConvertible {
    /// Three-digit status code; the first digit is the class (2xx success, 4xx client error, 5xx server error).
    public var code: Int
    /// Human-readable phrase; peers act on `code` only.
    public var reasonPhrase: String

    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    public var description: String { "\(code) \(reasonPhrase)" }

    // MARK: 1xx informational

    public static let `continue` = RTSPStatus(code: 100, reasonPhrase: "Continue")

    // MARK: 2xx success

    public static let ok = RTSPStatus(code: 200, reasonPhrase: "OK")
    public static let created = RTSPStatus(code: 201, reasonPhrase: "Created")
    public static let lowOnStorageSpace = RTSPStatus(code: 250, reasonPhrase: "Low on Storage Space")

    // MARK: 3xx redirection

    public static let multipleChoices = RTSPStatus(code: 300, reasonPhrase: "Multiple Choices")
    public static let movedPermanently = RTSPStatus(code: 301, reasonPhrase: "Moved Permanently")
    public static let movedTemporarily = RTSPStatus(code: 302, reasonPhrase: "Moved Temporarily")
    public static let seeOther = RTSPStatus(code: 303, reasonPhrase: "See Other")
    public static let notModified = RTSPStatus(code: 304, reasonPhrase: "Not Modified")
    public static let useProxy = RTSPStatus(code: 305, reasonPhrase: "Use Proxy")

    // MARK: 4xx client error

    public static let badRequest = RTSPStatus(code: 400, reasonPhrase: "Bad Request")
    public static let unauthorized = RTSPStatus(code: 401, reasonPhrase: "Unauthorized")
    public static let paymentRequired = RTSPStatus(code: 402, reasonPhrase: "Payment Required")
    public static let forbidden = RTSPStatus(code: 403, reasonPhrase: "Forbidden")
    public static let notFound = RTSPStatus(code: 404, reasonPhrase: "Not Found")
    public static let methodNotAllowed = RTSPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    public static let notAcceptable = RTSPStatus(code: 406, reasonPhrase: "Not Acceptable")
    public static let proxyAuthenticationRequired = RTSPStatus(
        code: 407,
        reasonPhrase: "Proxy Authentication Required"
    )
    public static let requestTimeout = RTSPStatus(code: 408, reasonPhrase: "Request Time-out")
    public static let gone = RTSPStatus(code: 410, reasonPhrase: "Gone")
    public static let lengthRequired = RTSPStatus(code: 411, reasonPhrase: "Length Required")
    public static let preconditionFailed = RTSPStatus(code: 412, reasonPhrase: "Precondition Failed")
    public static let requestEntityTooLarge = RTSPStatus(code: 413, reasonPhrase: "Request Entity Too Large")
    public static let requestURITooLarge = RTSPStatus(code: 414, reasonPhrase: "Request-URI Too Large")
    public static let unsupportedMediaType = RTSPStatus(code: 415, reasonPhrase: "Unsupported Media Type")
    public static let parameterNotUnderstood = RTSPStatus(code: 451, reasonPhrase: "Parameter Not Understood")
    public static let conferenceNotFound = RTSPStatus(code: 452, reasonPhrase: "Conference Not Found")
    public static let notEnoughBandwidth = RTSPStatus(code: 453, reasonPhrase: "Not Enough Bandwidth")
    public static let sessionNotFound = RTSPStatus(code: 454, reasonPhrase: "Session Not Found")
    public static let methodNotValidInThisState = RTSPStatus(
        code: 455,
        reasonPhrase: "Method Not Valid in This State"
    )
    public static let headerFieldNotValidForResource = RTSPStatus(
        code: 456,
        reasonPhrase: "Header Field Not Valid for Resource"
    )
    public static let invalidRange = RTSPStatus(code: 457, reasonPhrase: "Invalid Range")
    public static let parameterIsReadOnly = RTSPStatus(code: 458, reasonPhrase: "Parameter Is Read-Only")
    public static let aggregateOperationNotAllowed = RTSPStatus(
        code: 459,
        reasonPhrase: "Aggregate operation not allowed"
    )
    public static let onlyAggregateOperationAllowed = RTSPStatus(
        code: 460,
        reasonPhrase: "Only aggregate operation allowed"
    )
    public static let unsupportedTransport = RTSPStatus(code: 461, reasonPhrase: "Unsupported transport")
    public static let destinationUnreachable = RTSPStatus(code: 462, reasonPhrase: "Destination unreachable")

    // MARK: 5xx server error

    public static let internalServerError = RTSPStatus(code: 500, reasonPhrase: "Internal Server Error")
    public static let notImplemented = RTSPStatus(code: 501, reasonPhrase: "Not Implemented")
    public static let badGateway = RTSPStatus(code: 502, reasonPhrase: "Bad Gateway")
    public static let serviceUnavailable = RTSPStatus(code: 503, reasonPhrase: "Service Unavailable")
    public static let gatewayTimeout = RTSPStatus(code: 504, reasonPhrase: "Gateway Time-out")
    public static let rtspVersionNotSupported = RTSPStatus(code: 505, reasonPhrase: "RTSP Version not supported")
    public static let optionNotSupported = RTSPStatus(code: 551, reasonPhrase: "Option not supported")
}
