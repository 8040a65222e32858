import NIOCore
import RTSP
import Testing

@Suite("RTSPHeaders, RTSPStatus, RTSPMethod")
struct RTSPHeadersTests {
    @Test("lookups ignore case; output keeps the given spelling and order")
    func caseInsensitiveLookup() {
        let headers: RTSPHeaders = ["CSeq": "3", "content-TYPE": "application/sdp", "Session": "A"]
        #expect(headers["cseq"] == "3")
        #expect(headers["CONTENT-type"] == "application/sdp")
        #expect(headers["Missing"] == nil)
        #expect(headers.map(\.name) == ["CSeq", "content-TYPE", "Session"])
        #expect(headers.count == 3)
        #expect(headers.contains(name: "SESSION"))
    }

    @Test("repeated fields are kept; the subscript returns the first")
    func repeatedFields() {
        var headers = RTSPHeaders()
        headers.add(name: "Via", value: "a")
        headers.add(name: "CSeq", value: "1")
        headers.add(name: "via", value: "b")
        #expect(headers["VIA"] == "a")
        #expect(headers.values(for: "Via") == ["a", "b"])
        #expect(headers.count == 3)
    }

    @Test("replaceOrAdd replaces the first in place and drops the rest, or appends")
    func replaceOrAdd() {
        var headers: RTSPHeaders = ["Via": "a", "CSeq": "1", "via": "b"]
        headers.replaceOrAdd(name: "VIA", value: "c")
        #expect(Array(headers).map { "\($0.name)=\($0.value)" } == ["VIA=c", "CSeq=1"])
        headers.replaceOrAdd(name: "Session", value: "S")
        #expect(Array(headers).map { "\($0.name)=\($0.value)" } == ["VIA=c", "CSeq=1", "Session=S"])
    }

    @Test("remove takes every field of that name")
    func remove() {
        var headers: RTSPHeaders = ["Via": "a", "CSeq": "1", "via": "b"]
        headers.remove(name: "VIA")
        #expect(headers == ["CSeq": "1"])
        headers.remove(name: "absent")
        #expect(headers.count == 1)
    }

    @Test("equality is exact: order and spelling matter")
    func equality() {
        let ordered: RTSPHeaders = ["CSeq": "1", "A": "b"]
        #expect(ordered != ["A": "b", "CSeq": "1"])
        let spelled: RTSPHeaders = ["CSeq": "1"]
        #expect(spelled != ["cseq": "1"])
        #expect(RTSPHeaders([("CSeq", "1")]) == spelled)
    }

    @Test(
        "cseq is the CSeq header as a non-negative integer",
        arguments: [
            ("7", 7), (" 12 ", 12), ("0", 0), ("abc", nil), ("-1", nil), ("+3", nil), ("", nil),
            ("99999999999999999999", nil),
        ] as [(String, Int?)]
    )
    func cseq(value: String, expected: Int?) {
        #expect(RTSPRequest(method: .options, uri: "*", headers: ["CSeq": value]).cseq == expected)
        #expect(RTSPResponse(status: .ok, headers: ["cseq": value]).cseq == expected)
    }

    @Test("a missing CSeq is nil")
    func missingCSeq() {
        #expect(RTSPRequest(method: .options, uri: "*").cseq == nil)
    }

    @Test(
        "status codes and reason phrases of RFC 2326 §7.1.1",
        arguments: [
            (RTSPStatus.ok, 200, "OK"),
            (.badRequest, 400, "Bad Request"),
            (.unauthorized, 401, "Unauthorized"),
            (.notFound, 404, "Not Found"),
            (.methodNotAllowed, 405, "Method Not Allowed"),
            (.notAcceptable, 406, "Not Acceptable"),
            (.requestEntityTooLarge, 413, "Request Entity Too Large"),
            (.requestURITooLarge, 414, "Request-URI Too Large"),
            (.notEnoughBandwidth, 453, "Not Enough Bandwidth"),
            (.sessionNotFound, 454, "Session Not Found"),
            (.methodNotValidInThisState, 455, "Method Not Valid in This State"),
            (.headerFieldNotValidForResource, 456, "Header Field Not Valid for Resource"),
            (.aggregateOperationNotAllowed, 459, "Aggregate operation not allowed"),
            (.unsupportedTransport, 461, "Unsupported transport"),
            (.internalServerError, 500, "Internal Server Error"),
            (.notImplemented, 501, "Not Implemented"),
            (.serviceUnavailable, 503, "Service Unavailable"),
            (.rtspVersionNotSupported, 505, "RTSP Version not supported"),
            (.optionNotSupported, 551, "Option not supported"),
        ]
    )
    func statuses(status: RTSPStatus, code: Int, phrase: String) {
        #expect(status.code == code)
        #expect(status.reasonPhrase == phrase)
        #expect(status.description == "\(code) \(phrase)")
    }

    @Test("method raw values, including GET_PARAMETER's underscore")
    func methods() {
        #expect(RTSPMethod.getParameter.rawValue == "GET_PARAMETER")
        #expect(RTSPMethod.setParameter.rawValue == "SET_PARAMETER")
        #expect(RTSPMethod.teardown.description == "TEARDOWN")
        #expect(RTSPMethod(rawValue: "play") != .play)
    }
}
