/// The `RTP-Info` header of a `PLAY` response: for each stream, the RTP sequence number and timestamp of the
/// first packet sent after the `PLAY`.
///
/// Clients use it to map RTP timestamps to the play range and to drop packets from before the `PLAY`; without it
/// some clients (older VLC) wait for an RTCP sender report before showing anything.
///
/// Specification: RFC 2326 §12.33
public struct RTPInfoHeader: Sendable, Hashable {
    /// One stream's entry.
    public struct Entry: Sendable, Hashable {
        /// The stream's control URL, as the client used it in `SETUP`.
        public var url: String
        /// RTP sequence number of the first packet; 16 bits as in the RTP header.
        public var sequenceNumber: UInt16?
        /// RTP timestamp of the first packet; 32 bits as in the RTP header.
        public var rtpTime: UInt32?

        public init(url: String, sequenceNumber: UInt16? = nil, rtpTime: UInt32? = nil) {
            self.url = url
            self.sequenceNumber = sequenceNumber
            self.rtpTime = rtpTime
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses `url=...;seq=N;rtptime=N` entries separated by commas, parameters in any order and case, with
    /// white space (including folded lines) around them. A URL may itself contain `;` (`rtsp://h/cam;x=1`):
    /// pieces after `url=` that are not `seq`/`rtptime` stay part of it. A URL holds no white space or quotes
    /// (RFC 3986), so one that does is an error, as are values that do not fit their RTP field: neither is
    /// silently repaired.
    public init(parsing text: String) throws(RTSPParseError) {
        var entries: [Entry] = []
        for element in Substring(text).split(separator: ",") {
            guard !HeaderSyntax.trimmed(element).isEmpty else { continue }
            entries.append(try Self.parseEntry(element))
        }
        guard !entries.isEmpty else { throw .badRequest("RTP-Info: no entries") }
        self.entries = entries
    }

    private static func parseEntry(_ element: Substring) throws(RTSPParseError) -> Entry {
        var url: String?
        var sequenceNumber: UInt16?
        var rtpTime: UInt32?
        var urlIsOpen = false
        for parameter in element.split(separator: ";", omittingEmptySubsequences: false) {
            let (key, value) = HeaderSyntax.keyValue(parameter)
            if HeaderSyntax.equalsIgnoringASCIICase(key, "url"), let value {
                url = String(value)
                urlIsOpen = true
            } else if HeaderSyntax.equalsIgnoringASCIICase(key, "seq"), let value {
                guard let parsed = HeaderSyntax.decimal(value, as: UInt16.self) else {
                    throw .badRequest("RTP-Info: invalid seq '\(value.prefix(32))', expected 0...65535")
                }
                sequenceNumber = parsed
                urlIsOpen = false
            } else if HeaderSyntax.equalsIgnoringASCIICase(key, "rtptime"), let value {
                guard let parsed = HeaderSyntax.decimal(value, as: UInt32.self) else {
                    throw .badRequest("RTP-Info: invalid rtptime '\(value.prefix(32))', expected 0...4294967295")
                }
                rtpTime = parsed
                urlIsOpen = false
            } else if urlIsOpen, let current = url {
                url = current + ";" + HeaderSyntax.trimmed(parameter)
            }
        }
        guard let url, !url.isEmpty else {
            throw .badRequest("RTP-Info: entry without url in '\(element.prefix(128))'")
        }
        guard !url.utf8.contains(where: Self.isNotURLCharacter) else {
            throw .badRequest("RTP-Info: white space, quote or control character in url '\(url.prefix(64))'")
        }
        return Entry(url: url, sequenceNumber: sequenceNumber, rtpTime: rtpTime)
    }

    private static func isNotURLCharacter(_ byte: UInt8) -> Bool {
        byte <= UInt8(ascii: " ") || byte == 0x7F || byte == UInt8(ascii: "\"")
    }

    /// `url=rtsp://h/cam/trackID=0;seq=1234;rtptime=5678`, entries joined by `,`.
    public var rendered: String {
        entries.map { entry in
            var result = "url=\(entry.url)"
            if let sequenceNumber = entry.sequenceNumber { result += ";seq=\(sequenceNumber)" }
            if let rtpTime = entry.rtpTime { result += ";rtptime=\(rtpTime)" }
            return result
        }.joined(separator: ",")
    }
}
