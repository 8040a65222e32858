/// Requests exactly as onvif-zeep-async 4.3.0 (Home Assistant's ONVIF client, on zeep 4.3.3) sends them, user
/// `admin`, password `secret`, captured from its POSTs to a recording HTTP server.
enum ZeepRequests {
    static let getStreamUri = #"""
        <?xml version='1.0' encoding='utf-8'?>
        <soap-env:Envelope xmlns:soap-env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap-env:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>admin</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">PABuypKAJP2JqomVMovBwEYaOSg=</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">6lauuFru5c0yoKy9hPYr3A==</wsse:Nonce><wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2026-12-06T04:14:07Z</wsu:Created></wsse:UsernameToken></wsse:Security></soap-env:Header><soap-env:Body><ns0:GetStreamUri xmlns:ns0="http://www.onvif.org/ver10/media/wsdl"><ns0:StreamSetup><ns1:Stream xmlns:ns1="http://www.onvif.org/ver10/schema">RTP-Unicast</ns1:Stream><ns2:Transport xmlns:ns2="http://www.onvif.org/ver10/schema"><ns2:Protocol>RTSP</ns2:Protocol></ns2:Transport></ns0:StreamSetup><ns0:ProfileToken>cam</ns0:ProfileToken></ns0:GetStreamUri></soap-env:Body></soap-env:Envelope>
        """#

    static let getDeviceInformation = #"""
        <?xml version='1.0' encoding='utf-8'?>
        <soap-env:Envelope xmlns:soap-env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap-env:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>admin</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">UpQihzF6ioazQz1p4oWJ9xEXwY8=</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">XJLWeQfYeUoCgA23X9rVRQ==</wsse:Nonce><wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2026-12-06T04:14:07Z</wsu:Created></wsse:UsernameToken></wsse:Security></soap-env:Header><soap-env:Body><ns0:GetDeviceInformation xmlns:ns0="http://www.onvif.org/ver10/device/wsdl"/></soap-env:Body></soap-env:Envelope>
        """#

    /// What wsdiscovery 2.1.2 multicasts for Home Assistant's search (its random prefix for the type's namespace).
    static let probe = #"""
        <?xml version="1.0" ?>
        <s:Envelope xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:HBoiyJhFSj="http://www.onvif.org/ver10/network/wsdl">
        	<s:Header>
        		<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>
        		<a:MessageID>urn:uuid:b6a4f383-81cb-4708-b35e-d0601d9a6256</a:MessageID>
        		<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>
        	</s:Header>
        	<s:Body>
        		<d:Probe>
        			<d:Types>HBoiyJhFSj:NetworkVideoTransmitter</d:Types>
        			<d:Scopes>onvif://www.onvif.org/Profile/Streaming</d:Scopes>
        		</d:Probe>
        	</s:Body>
        </s:Envelope>
        """#

    /// 2026-12-06T04:14:07Z, the Created of both captured requests.
    static let created: Int64 = 1_796_530_447
}
