import ONVIF
import Testing

@Suite struct SOAPRequestTests {
    @Test func readsZeepsGetStreamUriAndItsToken() throws {
        let request = try SOAPRequest(parsing: Array(ZeepRequests.getStreamUri.utf8))
        #expect(try ONVIFOperation(request.operation) == .getStreamUri(profileToken: "cam", stream: "RTP-Unicast", transport: "RTSP"))
        let token = try #require(request.usernameToken)
        #expect(token.username == "admin")
        #expect(token.created == "2026-12-06T04:14:07Z")
        #expect(token.passwordDigest == "PABuypKAJP2JqomVMovBwEYaOSg=")
        #expect(token.nonce == [0xEA, 0x56, 0xAE, 0xB8, 0x5A, 0xEE, 0xE5, 0xCD, 0x32, 0xA0, 0xAC, 0xBD, 0x84, 0xF6, 0x2B, 0xDC])
    }

    @Test func everyOperationInTheTableDispatches() throws {
        for (namespace, name) in ONVIFOperation.supported {
            let element = XMLElement(
                namespace: namespace, name: name, children: [XMLElement(namespace: namespace, name: "ProfileToken", text: "cam")])
            #expect(throws: Never.self, "\(name)") { _ = try ONVIFOperation(element) }
        }
    }

    @Test func anUnknownOperationIsActionNotSupported() throws {
        let request = try SOAPRequest(
            parsing: Array(ZeepRequests.getDeviceInformation.replacingFirst("GetDeviceInformation", with: "SystemReboot").utf8))
        #expect(throws: SOAPFault.actionNotSupported("SystemReboot in http://www.onvif.org/ver10/device/wsdl is not supported")) {
            try ONVIFOperation(request.operation)
        }
    }

    @Test func aSOAP11EnvelopeIsAVersionMismatch() {
        let soap11 = #"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><GetScopes/></e:Body></e:Envelope>"#
        #expect(throws: SOAPFault.self) { try SOAPRequest(parsing: Array(soap11.utf8)) }
        do {
            _ = try SOAPRequest(parsing: Array(soap11.utf8))
        } catch {
            #expect(error.code == .versionMismatch)
        }
    }

    @Test func faultDocumentExactBytes() {
        #expect(
            SOAPFault.notAuthorized("wrong user name or password for 'admin'").document
                == #"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"><SOAP-ENV:Body><SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>ter:NotAuthorized</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">wrong user name or password for &apos;admin&apos;</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        )
        #expect(SOAPFault.notAuthorized("x").httpStatus == 400)
        #expect(SOAPFault.actionNotSupported("x").httpStatus == 500)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
