/// SDES: names for synchronisation sources, above all the CNAME that ties an SSRC to one endpoint.
///
/// Every compound RTCP packet must carry a CNAME (RFC 3550 §6.1) so that receivers can keep associating a
/// participant's streams when its SSRC changes. On the wire each chunk is the SSRC, its items, at least one null
/// octet ending the item list, and zero padding up to the next 32-bit boundary.
///
/// Item text is at most 255 UTF-8 bytes (an 8-bit length); longer text is cut at the last whole Unicode scalar
/// that fits. Items of type 0 (the end marker) cannot be written and are skipped. More than 31 chunks are
/// written as several SDES packets.
///
/// Specification: RFC 3550 §6.5
public struct SourceDescription: Hashable, Sendable {
    /// The items describing one source.
    public struct Chunk: Hashable, Sendable {
        /// The source described (SSRC or CSRC).
        public var ssrc: UInt32
        /// Its items, in wire order.
        public var items: [Item]

        public init(ssrc: UInt32, items: [Item]) {
            self.ssrc = ssrc
            self.items = items
        }
    }

    /// One `type, length, text` item.
    public struct Item: Hashable, Sendable {
        /// CNAME, the canonical end-point identifier, e.g. "user@host" (RFC 3550 §6.5.1).
        public static let cnameType: UInt8 = 1

        /// Item type: 1 CNAME, 2 NAME, 3 EMAIL, 4 PHONE, 5 LOC, 6 TOOL, 7 NOTE, 8 PRIV.
        public var type: UInt8
        /// The item's UTF-8 text. Invalid UTF-8 on the wire is repaired with U+FFFD on parse.
        public var text: String

        public init(type: UInt8, text: String) {
            self.type = type
            self.text = text
        }

        /// A CNAME item.
        public static func cname(_ text: String) -> Item {
            Item(type: cnameType, text: text)
        }
    }

    /// One chunk per described source.
    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// The SDES every compound RTCP packet needs: one chunk with one CNAME item.
    public static func cname(ssrc: UInt32, cname: String) -> SourceDescription {
        SourceDescription(chunks: [Chunk(ssrc: ssrc, items: [.cname(cname)])])
    }

    /// RTCP packet type 202.
    public static let packetType: UInt8 = 202
}
