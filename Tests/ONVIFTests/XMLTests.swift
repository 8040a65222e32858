import ONVIF
import Testing

@Suite struct XMLWriterTests {
    @Test func escapesTextAndAttributesAndClosesEmptyElements() {
        var writer = XMLWriter()
        writer.element("a:Root", ["x": "1 < 2 & \"q\" 'p'"]) { root in
            root.element("a:Text", text: "<b>&amp;</b>")
            root.element("a:Empty") { _ in }
            root.element("a:Flag", true)
            root.element("a:Control", text: "bell\u{07}tab\tend")
        }
        #expect(
            writer.text
                == #"<?xml version="1.0" encoding="UTF-8"?><a:Root x="1 &lt; 2 &amp; &quot;q&quot; &apos;p&apos;"><a:Text>&lt;b&gt;&amp;amp;&lt;/b&gt;</a:Text><a:Empty/><a:Flag>true</a:Flag><a:Control>bell\#u{FFFD}tab\#tend</a:Control></a:Root>"#
        )
    }
}

@Suite struct XMLDocumentParserTests {
    @Test func readsNamespacesAttributesAndText() throws {
        let root = try XMLDocumentParser.parse(Array(ZeepRequests.getStreamUri.utf8))
        #expect(root.namespace == ONVIFNamespace.soapEnvelope && root.name == "Envelope")
        let password = root.child(ONVIFNamespace.soapEnvelope, "Header")?.child(ONVIFNamespace.wsSecurity, "Security")?
            .child(ONVIFNamespace.wsSecurity, "UsernameToken")?.child(ONVIFNamespace.wsSecurity, "Password")
        #expect(password?.attributes["Type"] == ONVIFNamespace.passwordDigest)
        #expect(password?.text == "PABuypKAJP2JqomVMovBwEYaOSg=")
        #expect(root.namespaceDeclarations["soap-env"] == ONVIFNamespace.soapEnvelope)
    }

    /// The billion laughs: refused for its DOCTYPE before any entity could be expanded.
    @Test func refusesADocumentTypeDeclaration() {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <lolz>&lol2;</lolz>
            """
        #expect(throws: XMLParseError.documentTypeDeclaration) { try XMLDocumentParser.parse(Array(laughs.utf8)) }
    }

    /// An external entity would read a local file: no DOCTYPE, so no entity, and no network either way.
    @Test func refusesAnExternalEntity() {
        let external = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#
        #expect(throws: XMLParseError.documentTypeDeclaration) { try XMLDocumentParser.parse(Array(external.utf8)) }
    }

    @Test func boundsDepthSizeAndElementCount() {
        let deep = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(throws: XMLParseError.tooDeep(limit: 32)) { try XMLDocumentParser.parse(Array(deep.utf8)) }
        let large = [UInt8](repeating: UInt8(ascii: " "), count: XMLDocumentParser.maxBytes + 1)
        #expect(throws: XMLParseError.tooLarge(bytes: 65537, limit: 65536)) { try XMLDocumentParser.parse(large) }
        let many = "<r>" + String(repeating: "<a/>", count: 1100) + "</r>"
        #expect(throws: XMLParseError.tooManyElements(limit: 1024)) { try XMLDocumentParser.parse(Array(many.utf8)) }
    }

    @Test func garbageThrowsAndNeverTraps() {
        for input in ["", "<", "<a>", "<a></b>", "\u{0}\u{1}", "<a xmlns:p='x'><p:b></a>", "plain text"] {
            #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Array(input.utf8)) }
        }
    }
}
