/// Builds the `ConfigNode` tree from libyaml's events, one event at a time, keeping every node's place.
///
/// Composing here rather than in a YAML library gives the messages what they need: a duplicated key is known
/// at both of its places and under its mapping's key path (`server.rtsp_port`), because the composer's own
/// stack holds that path. Aliases are resolved to their anchored node; nodes are counted with every use of
/// an alias, and nesting depth is bounded, so a small hostile file (an "alias bomb") is an error, not a hang.
/// Merge keys (`<<: *common`) are resolved here too, as YAML 1.1 and the configs people copy from use them.
struct YAMLComposer {
    /// Far above any camera's config (a stream is about 20 nodes), far below what takes noticeable time.
    static let maxNodes = 10_000
    /// A config nests four levels deep (`streams.cam.multicast.group`); the tree is walked recursively.
    static let maxDepth = 64

    let path: String
    /// Every key that appears twice in its mapping, found while composing; thrown together at the end.
    private(set) var duplicates: [ConfigDiagnostic] = []
    /// Set at the stream's end: the first document's root, `nil` when there was none or it was empty.
    private(set) var isFinished = false
    private var root: ConfigNode?
    private var documents = 0
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0

    init(path: String) {
        self.path = path
    }

    /// The document's root once the stream has ended, or the duplicate keys found in it.
    func result() throws(ConfigErrors) -> ConfigNode? {
        guard duplicates.isEmpty else { throw ConfigErrors(duplicates) }
        // `---` alone, `~` or `null`: an empty document, which means every default, like an empty file.
        if let root, root.isNull { return nil }
        return root
    }

    mutating func consume(_ event: YAMLEvent) throws(ConfigErrors) {
        switch event {
        case .streamStart, .documentEnd:
            break
        case .streamEnd:
            isFinished = true
        case .documentStart(let mark):
            documents += 1
            if documents > 1 {
                throw failure(at: mark, "a second YAML document starts here; a camstream config file holds one document")
            }
        case .scalar(let text, let isPlain, let anchor, let mark):
            try count(1, at: mark)
            let node = ConfigNode.scalar(ConfigScalar(text: text, isPlain: isPlain, origin: origin(mark)))
            if let anchor { anchors[anchor] = Anchored(node: node, size: 1, height: 1) }
            add(node, size: 1, height: 1)
        case .alias(let anchor, let mark):
            guard let anchored = anchors[anchor] else {
                if stack.contains(where: { $0.anchor == anchor }) {
                    throw failure(at: mark, "invalid YAML: alias '*\(anchor)' refers to a node that contains it")
                }
                throw failure(at: mark, "invalid YAML: found undefined alias '*\(anchor)'")
            }
            try count(anchored.size, at: mark)
            // An alias of a nested node nests it again here: without this, each line could add a level.
            try checkDepth(stack.count + anchored.height - 1, at: mark)
            add(anchored.node, size: anchored.size, height: anchored.height)
        case .sequenceStart(let anchor, let mark), .mappingStart(let anchor, let mark):
            try count(1, at: mark)
            try checkDepth(stack.count, at: mark)
            let isMapping = if case .mappingStart = event { true } else { false }
            stack.append(Frame(isMapping: isMapping, origin: origin(mark), anchor: anchor, keyPath: childKeyPath()))
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else { break }
            let node: ConfigNode =
                frame.isMapping
                ? .mapping(try merging(frame.entries, keyPath: frame.keyPath), origin: frame.origin)
                : .sequence(frame.items, origin: frame.origin)
            if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: frame.size, height: frame.height) }
            add(node, size: frame.size, height: frame.height)
        }
    }

    // MARK: - Building

    /// A node with an anchor, for the aliases that follow; `size` and `height` count its nodes and levels.
    private struct Anchored {
        var node: ConfigNode
        var size: Int
        var height: Int
    }

    /// One mapping or sequence being composed.
    private struct Frame {
        var isMapping: Bool
        var origin: ConfigOrigin
        var anchor: String?
        /// The dotted key of this node, as the decoder names keys: `streams.cam`, `users[0]`.
        var keyPath: String
        /// Nodes in this subtree, itself included, counting an alias's node as often as it is used.
        var size = 1
        /// Levels in this subtree, itself included.
        var height = 1
        var items: [ConfigNode] = []
        var entries: [ConfigEntry] = []
        /// A mapping's key whose value comes next.
        var pendingKey: ConfigScalar?
        /// A mapping's keys so far and the line each first appeared on.
        var firstLines: [String: Int] = [:]

        init(isMapping: Bool, origin: ConfigOrigin, anchor: String?, keyPath: String) {
            self.isMapping = isMapping
            self.origin = origin
            self.anchor = anchor
            self.keyPath = keyPath
        }
    }

    /// The key path of the node about to start: the open mapping's pending key, or the open list's next index.
    private func childKeyPath() -> String {
        guard let top = stack.last else { return "" }
        if top.isMapping {
            return ConfigDecoder.join(top.keyPath, top.pendingKey?.text ?? "?")
        }
        return "\(top.keyPath)[\(top.items.count)]"
    }

    private mutating func add(_ node: ConfigNode, size: Int, height: Int) {
        guard var top = stack.popLast() else {
            root = node
            return
        }
        top.size += size
        top.height = max(top.height, height + 1)
        if !top.isMapping {
            top.items.append(node)
        } else if let key = top.pendingKey {
            top.entries.append(ConfigEntry(key: key, value: node))
            top.pendingKey = nil
        } else {
            let key = Self.key(from: node)
            if case .scalar = node { checkDuplicate(key, in: &top) }
            top.pendingKey = key
        }
        stack.append(top)
    }

    /// Resolves `<<` (https://yaml.org/type/merge.html): the entries of the mapping it names, or of each mapping in
    /// the list it names, join this mapping unless it sets the key itself; in a list, earlier mappings win.
    private func merging(_ entries: [ConfigEntry], keyPath: String) throws(ConfigErrors) -> [ConfigEntry] {
        guard entries.contains(where: \.isMerge) else { return entries }
        var result = entries.filter { !$0.isMerge }
        var keys = Set(result.map(\.key.text))
        for merge in entries where merge.isMerge {
            let sources: [ConfigNode] = if case .sequence(let items, _) = merge.value { items } else { [merge.value] }
            for source in sources {
                guard case .mapping(let merged, _) = source else {
                    throw ConfigErrors(
                        duplicates + [
                            ConfigDiagnostic(
                                .error, at: source.origin, key: ConfigDecoder.join(keyPath, "<<"),
                                "'<<' merges a mapping or a list of mappings into this one, got \(source.summary)")
                        ])
                }
                for entry in merged where keys.insert(entry.key.text).inserted {
                    result.append(entry)
                }
            }
        }
        return result
    }

    /// A non-scalar key (`? [a, b]: 1`), which no key of ours can be, is named for the unknown-key message.
    private static func key(from node: ConfigNode) -> ConfigScalar {
        switch node {
        case .scalar(let scalar): scalar
        case .mapping(_, let origin): ConfigScalar(text: "{…}", isPlain: false, origin: origin)
        case .sequence(_, let origin): ConfigScalar(text: "[…]", isPlain: false, origin: origin)
        }
    }

    private mutating func checkDuplicate(_ key: ConfigScalar, in frame: inout Frame) {
        guard let line = key.origin.line else { return }
        guard let firstLine = frame.firstLines[key.text] else {
            frame.firstLines[key.text] = line
            return
        }
        let keyPath = ConfigDecoder.join(frame.keyPath, key.text)
        let message =
            frame.keyPath == "streams"
            ? "duplicate stream path '\(key.text)' (first at line \(firstLine)); each path names one stream"
            : "duplicate key (first at line \(firstLine)); a key may appear once in a mapping"
        duplicates.append(ConfigDiagnostic(.error, at: key.origin, key: keyPath, message))
    }

    // MARK: - Limits and places

    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(ConfigErrors) {
        nodeCount += nodes
        guard nodeCount <= Self.maxNodes else {
            throw failure(
                at: mark,
                "invalid YAML: more than \(Self.maxNodes) nodes, counting each use of an alias; a camstream config needs far fewer")
        }
    }

    /// `depth`: the number of collections open around the node starting at `mark`.
    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws(ConfigErrors) {
        guard depth < Self.maxDepth else {
            throw failure(at: mark, "invalid YAML: nested more than \(Self.maxDepth) levels deep; a camstream config needs four")
        }
    }

    private func origin(_ mark: YAMLMark) -> ConfigOrigin {
        .file(path: path, line: mark.line, column: mark.column)
    }

    /// An error that ends composing, with the duplicates found before it.
    private func failure(at mark: YAMLMark, _ message: String) -> ConfigErrors {
        ConfigErrors(duplicates + [ConfigDiagnostic(.error, at: origin(mark), key: "", message)])
    }
}
