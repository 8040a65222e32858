import CYAML

/// A place in the YAML text as people count it: line and column from 1, columns in Unicode scalars (libyaml
/// counts characters, from 0).
struct YAMLMark: Sendable, Equatable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: yaml_mark_t) {
        self.init(line: mark.line + 1, column: mark.column + 1)
    }
}

/// One of libyaml's parse events, copied out of the C event so the C memory is freed at once.
enum YAMLEvent: Sendable, Equatable {
    case streamStart
    case streamEnd
    case documentStart(at: YAMLMark)
    case documentEnd
    case alias(anchor: String, at: YAMLMark)
    /// `isPlain`: written without quotes, not as a block scalar (`|`, `>`) and not tagged `!!str`, so it may be a number.
    case scalar(text: String, isPlain: Bool, anchor: String?, at: YAMLMark)
    case sequenceStart(anchor: String?, at: YAMLMark)
    case sequenceEnd
    case mappingStart(anchor: String?, at: YAMLMark)
    case mappingEnd
}

/// What libyaml reported when it could not go on.
struct YAMLSyntaxError: Error, Sendable {
    enum Kind: Sendable, Equatable {
        /// The bytes are not text libyaml accepts (control characters, say); only `byteOffset` is known.
        case reader
        /// The scanner or parser found text that is not YAML; `mark` (and `context`) say where.
        case syntax
        /// libyaml ran out of memory.
        case memory
    }

    var kind: Kind
    var problem: String
    var mark: YAMLMark
    /// What libyaml was in the middle of ("while scanning a quoted scalar") and where that began.
    var context: (text: String, mark: YAMLMark)?
    var byteOffset: Int
}

/// libyaml's event parser over a copy of the text; the parser, its input and every event are freed here.
///
/// A class so that `deinit` frees the C parser on every path out of the caller, thrown errors included.
final class YAMLEventParser {
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let initialized: Bool

    init(text: String) {
        let utf8 = text.utf8
        input = .allocate(capacity: max(utf8.count, 1))
        _ = input.initialize(from: utf8)
        parser.initialize(to: yaml_parser_t())
        initialized = yaml_parser_initialize(parser) == 1
        if initialized {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, input.baseAddress, utf8.count)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; after `.streamEnd` there are none.
    func next() throws(YAMLSyntaxError) -> YAMLEvent {
        guard initialized else {
            throw YAMLSyntaxError(kind: .memory, problem: "out of memory", mark: YAMLMark(line: 1, column: 1), context: nil, byteOffset: 0)
        }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        return Self.convert(event)
    }

    private func error() -> YAMLSyntaxError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
        let kind: YAMLSyntaxError.Kind =
            switch state.error {
            case YAML_READER_ERROR: .reader
            case YAML_MEMORY_ERROR: .memory
            default: .syntax
            }
        let context = state.context.map { (text: String(cString: $0), mark: YAMLMark(state.context_mark)) }
        return YAMLSyntaxError(
            kind: kind, problem: problem, mark: YAMLMark(state.problem_mark), context: context, byteOffset: state.problem_offset)
    }

    private static func convert(_ event: yaml_event_t) -> YAMLEvent {
        let mark = YAMLMark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(at: mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: text(event.data.alias.anchor) ?? "", at: mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) }
            // `!!str 8554` is text, however it is written.
            let isText = text(scalar.tag) == "tag:yaml.org,2002:str"
            return .scalar(
                text: value ?? "", isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE && !isText, anchor: text(scalar.anchor), at: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: text(event.data.sequence_start.anchor), at: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: text(event.data.mapping_start.anchor), at: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_NO_EVENT: libyaml gives it only after the stream's end.
            return .streamEnd
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
