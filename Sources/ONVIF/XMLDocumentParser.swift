import CLibXML2

/// Reads a request document with libxml2, with limits, into `XMLElement` values.
///
/// What it allows and why: the size is checked before libxml2 sees a byte; the options are `XML_PARSE_NONET`
/// (no network, ever) and silence, and never `XML_PARSE_NOENT` (entity substitution) or `XML_PARSE_DTDLOAD`;
/// a document with any DOCTYPE is refused, so no entity can be declared, let alone expanded; depth and element
/// count are bounded while copying, and libxml2's own depth limit (256) holds while it parses.
public enum XMLDocumentParser {
    /// 64 KiB: an ONVIF request with a WS-Security header is about 1.5 KB; the HTTP body limit is the same.
    public static let maxBytes = 65536
    /// SOAP Envelope/Body/operation/parameter/... rarely passes 8 levels.
    public static let maxDepth = 32
    public static let maxElements = 1024

    public static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLElement {
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes: bytes.count, limit: maxBytes) }
        guard !bytes.isEmpty, let size = Int32(exactly: bytes.count) else { throw .malformed("empty document") }
        guard let context = xmlNewParserCtxt() else { throw .malformed("libxml2 could not make a parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, size, nil, nil, options)
            }
        }
        guard let document else {
            let message = xmlCtxtGetLastError(context).map { String(cString: $0.pointee.message) } ?? "unknown error"
            throw .malformed(message.trimmingNewline)
        }
        defer { xmlFreeDoc(document) }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else { throw .documentTypeDeclaration }
        guard let root = xmlDocGetRootElement(document) else { throw .malformed("no root element") }
        var elements = 0
        return try copy(root, depth: 1, elements: &elements)
    }

    private static func copy(_ node: xmlNodePtr, depth: Int, elements: inout Int) throws(XMLParseError) -> XMLElement {
        guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        elements += 1
        guard elements <= maxElements else { throw .tooManyElements(limit: maxElements) }
        var element = XMLElement(
            namespace: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
            name: String(cString: node.pointee.name))
        var attribute = node.pointee.properties
        while let current = attribute {
            // An attribute's value is its text children (no entity references: there is no DTD to declare one).
            var value = ""
            var text = current.pointee.children
            while let node = text {
                if let content = node.pointee.content { value += String(cString: content) }
                text = node.pointee.next
            }
            if let name = current.pointee.name { element.attributes[String(cString: name)] = value }
            attribute = current.pointee.next
        }
        var declaration = node.pointee.nsDef
        while let current = declaration {
            if let href = current.pointee.href {
                element.namespaceDeclarations[current.pointee.prefix.map { String(cString: $0) } ?? ""] = String(cString: href)
            }
            declaration = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(try copy(current, depth: depth + 1, elements: &elements))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { element.text += String(cString: content) }
            case XML_ENTITY_REF_NODE, XML_ENTITY_NODE:
                throw .malformed("entity reference")
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }
}

extension String {
    fileprivate var trimmingNewline: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
