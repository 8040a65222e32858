import NIOCore

/// A minimal box reader for the tests: type, payload and children of the container boxes, so a test can check
/// the nesting and sizes of what the muxer wrote without trusting the muxer's own size arithmetic.
struct Box: Equatable {
    var type: String
    var payload: [UInt8]
    var children: [Box]

    static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex", "moof", "traf"]

    /// Parses consecutive boxes; throws when a size runs past the end or below the header.
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> [Box] {
        var boxes: [Box] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes.endIndex - index >= 8 else { throw Malformed(reason: "\(bytes.endIndex - index) bytes left, no header") }
            let size = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[index + 4..<index + 8], as: UTF8.self)
            guard size >= 8, index + size <= bytes.endIndex else { throw Malformed(reason: "\(type) size \(size) at \(index)") }
            let payload = bytes[index + 8..<index + size]
            let children = containers.contains(type) ? try parse(payload) : []
            boxes.append(Box(type: type, payload: Array(payload), children: children))
            index += size
        }
        return boxes
    }

    func child(_ path: String...) -> Box? {
        var box: Box? = self
        for type in path { box = box?.children.first { $0.type == type } }
        return box
    }

    struct Malformed: Error { var reason: String }
}
