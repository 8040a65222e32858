/// The header fields of an RTSP message, in the order they were added or received.
///
/// Order is kept because it is visible on the wire (tests compare bytes, and some clients are picky about where
/// `CSeq` sits) and because a header may repeat. Lookups ignore case because header names are case-insensitive;
/// output keeps the spelling given, so a response echoes `CSeq` exactly as written by the server.
///
/// Equality compares names and values exactly and in order: two messages are equal when they would serialize to
/// the same bytes.
///
/// Specification: RFC 2326 §4.2, RFC 2616 §4.2
public struct RTSPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    fileprivate struct Field: Sendable, Hashable {
        var name: String
        var value: String
    }

    private var fields: [Field]

    public init() {
        fields = []
    }

    /// Builds headers in the literal's order; repeated names are kept as separate fields.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Builds headers from name/value pairs in order.
    public init(_ elements: some Sequence<(String, String)>) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Number of fields, counting repeats.
    public var count: Int { fields.count }

    public var isEmpty: Bool { fields.isEmpty }

    /// Appends a field, even if one with that name exists (RFC 2616 §4.2 allows repeats of list-valued headers).
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Sets the single value of `name`: the first field with that name takes the new name spelling and value
    /// in place, later ones are removed; appended if absent.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { HeaderSyntax.equalsIgnoringASCIICase($0.name, name) }) else {
            add(name: name, value: value)
            return
        }
        fields[first] = Field(name: name, value: value)
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if HeaderSyntax.equalsIgnoringASCIICase(fields[index].name, name) {
                fields.remove(at: index)
            } else {
                index = fields.index(after: index)
            }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { HeaderSyntax.equalsIgnoringASCIICase($0.name, name) }
    }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? {
        fields.first { HeaderSyntax.equalsIgnoringASCIICase($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { HeaderSyntax.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    public func contains(name: String) -> Bool {
        fields.contains { HeaderSyntax.equalsIgnoringASCIICase($0.name, name) }
    }

    public struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<[Field]>

        public mutating func next() -> Element? {
            base.next().map { (name: $0.name, value: $0.value) }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(base: fields.makeIterator())
    }
}
