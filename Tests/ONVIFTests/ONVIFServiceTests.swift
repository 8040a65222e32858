import ONVIF
import Testing

@Suite struct ONVIFServiceTests {
    let device = ONVIFDevice(
        manufacturer: "camstream", model: "camstream", firmwareVersion: "1.0", serialNumber: "abc", hardwareID: "camstream",
        hostname: "board", scopes: ONVIFDevice.scopes(name: "Front door", hardware: "camstream", location: "home"),
        endpointReference: ONVIFDevice.endpointReference(hash: Array(0..<16)))
    let main = ONVIFProfile(
        token: "cam", sourceToken: "src_cam", width: 1280, height: 720, framesPerSecond: 30, bitrateKbps: 2000, keyframeInterval: 60,
        h264Profile: "Baseline", hasSnapshot: true)
    var context: ONVIFRequestContext {
        ONVIFRequestContext(
            host: "192.168.1.20", httpPort: 8080, rtspPort: 8554, profiles: [main], networkInterfaces: [], now: ZeepRequests.created)
    }
    static let envelopeOpen =
        #"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"><SOAP-ENV:Body>"#
    static let envelopeClose = "</SOAP-ENV:Body></SOAP-ENV:Envelope>"

    @Test func streamURIsNameTheAddressReachedForEachTransport() {
        for (transport, uri) in [
            ("UDP", "rtsp://192.168.1.20:8554/cam"), ("RTSP", "rtsp://192.168.1.20:8554/cam"), ("HTTP", "rtsp://192.168.1.20:8080/cam"),
        ] {
            let response = ONVIFService.respond(
                to: .getStreamUri(profileToken: "cam", stream: "RTP-Unicast", transport: transport), device: device, context: context)
            #expect(
                response
                    == .success(
                        Self.envelopeOpen
                            + "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>\(uri)</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>"
                            + Self.envelopeClose))
        }
    }

    @Test func snapshotURIIsTheStreamsSnapshot() {
        let response = ONVIFService.respond(to: .getSnapshotUri(profileToken: "cam"), device: device, context: context)
        #expect((try? response.get())?.contains("<tt:Uri>http://192.168.1.20:8080/cam/snapshot.jpg</tt:Uri>") == true)
    }

    @Test func anUnknownProfileIsNoProfile() {
        let response = ONVIFService.respond(
            to: .getStreamUri(profileToken: "nope", stream: "RTP-Unicast", transport: "UDP"), device: device, context: context)
        #expect(response == .failure(.invalidArgument("ter:NoProfile", "no profile 'nope'")))
    }

    @Test func systemDateAndTimeExactBytes() {
        #expect(
            ONVIFService.respond(to: .getSystemDateAndTime, device: device, context: context)
                == .success(
                    Self.envelopeOpen
                        + "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>4</tt:Hour><tt:Minute>14</tt:Minute><tt:Second>7</tt:Second></tt:Time><tt:Date><tt:Year>2026</tt:Year><tt:Month>12</tt:Month><tt:Day>6</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
                        + Self.envelopeClose))
    }

    @Test func profilesCarryTheRealEncoding() throws {
        let document = try ONVIFService.respond(to: .getProfiles, device: device, context: context).get()
        #expect(
            document.contains(
                #"<trt:Profiles token="cam" fixed="true"><tt:Name>cam</tt:Name><tt:VideoSourceConfiguration token="vsc_cam"><tt:Name>vsc_cam</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>src_cam</tt:SourceToken><tt:Bounds x="0" y="0" width="1280" height="720"/></tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="vec_cam"><tt:Name>vec_cam</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>1280</tt:Width><tt:Height>720</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>30</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>2000</tt:BitrateLimit></tt:RateControl><tt:H264><tt:GovLength>60</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264>"#
            ))
    }

    @Test func onlyTheClockAnswersWithoutCredentials() throws {
        let request = try SOAPRequest(parsing: Array(ZeepRequests.getDeviceInformation.utf8))
        var anonymous = request
        anonymous.usernameToken = nil
        var verifier: UsernameTokenVerifier? = UsernameTokenVerifier(passwords: ["admin": "secret"])
        #expect(
            ONVIFService.authorize(
                anonymous, operation: .getDeviceInformation, httpUser: nil, verifier: &verifier, now: ZeepRequests.created)
                == .missingCredentials(.notAuthorized("credentials required: a WS-Security UsernameToken or HTTP Digest")))
        #expect(
            ONVIFService.authorize(
                anonymous, operation: .getSystemDateAndTime, httpUser: nil, verifier: &verifier, now: ZeepRequests.created)
                == .allowed(user: nil))
        #expect(
            ONVIFService.authorize(request, operation: .getDeviceInformation, httpUser: nil, verifier: &verifier, now: ZeepRequests.created)
                == .allowed(user: "admin"))
        #expect(
            ONVIFService.authorize(
                anonymous, operation: .getDeviceInformation, httpUser: "viewer", verifier: &verifier, now: ZeepRequests.created)
                == .allowed(user: "viewer"))
        var wrong = UsernameTokenVerifier(passwords: ["admin": "guess"]) as UsernameTokenVerifier?
        #expect(
            ONVIFService.authorize(request, operation: .getDeviceInformation, httpUser: nil, verifier: &wrong, now: ZeepRequests.created)
                == .refused(.notAuthorized("wrong user name or password for 'admin'")))
        var open: UsernameTokenVerifier?
        #expect(
            ONVIFService.authorize(anonymous, operation: .getDeviceInformation, httpUser: nil, verifier: &open, now: 0)
                == .allowed(user: nil))
    }

    @Test func scopesAreEncodedAndTheEndpointIsAVersion5UUID() {
        #expect(device.scopes.contains("onvif://www.onvif.org/name/Front%20door"))
        #expect(device.endpointReference == "urn:uuid:00010203-0405-5607-8809-0a0b0c0d0e0f")
    }
}
