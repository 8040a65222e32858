/// A command-line option that replaces one value of the config file.
///
/// Overrides are written into the parsed document before it is checked, so an option is held to exactly the
/// rules of the key it replaces and its errors read like the file's: `command line --fps: error: streams.cam.fps: …`.
public struct ConfigOverride: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A key outside `streams`, as a path: `["server", "rtsp_port"]`.
        case key([String])
        /// A key of the one stream the file defines (or of the default stream when it defines none).
        case streamKey(String)
        /// A nested key of that stream: `["multicast", "group"]`.
        case streamKeyPath([String])
        /// The path of that one stream.
        case streamPath
    }

    public var target: Target
    /// The value as the option gave it, checked like the same text in the file (unquoted).
    public var value: String
    /// The option's spelling, for messages: `--fps`.
    public var option: String

    public init(_ target: Target, value: String, option: String) {
        self.target = target
        self.value = value
        self.option = option
    }
}

extension ConfigNode {
    /// Applies overrides in order; a stream override when the file defines several streams is an error,
    /// since it cannot say which one it means.
    static func applying(_ overrides: [ConfigOverride], to root: ConfigNode?, decoder: inout ConfigDecoder) -> ConfigNode? {
        guard !overrides.isEmpty else { return root }
        var root = root ?? .mapping([], origin: .commandLine(option: overrides[0].option))
        // Stream keys first, then the rename, so both find the stream under the name the file gave it.
        let ordered = overrides.filter { $0.target != .streamPath } + overrides.filter { $0.target == .streamPath }
        for override in ordered {
            let origin = ConfigOrigin.commandLine(option: override.option)
            let value = ConfigNode.scalar(ConfigScalar(text: override.value, isPlain: true, origin: origin))
            switch override.target {
            case .key(let path):
                root.set(path, to: value)
            case .streamKey(let key):
                guard let path = singleStreamPath(in: root, override: override, decoder: &decoder) else { continue }
                root.set(["streams", path, key], to: value)
            case .streamKeyPath(let keys):
                guard let path = singleStreamPath(in: root, override: override, decoder: &decoder) else { continue }
                root.set(["streams", path] + keys, to: value)
            case .streamPath:
                guard let path = singleStreamPath(in: root, override: override, decoder: &decoder) else { continue }
                root.renameStream(path, to: override.value, origin: origin)
            }
        }
        return root
    }

    /// The key of the only stream, creating the default stream when the file has no `streams:`.
    private static func singleStreamPath(in root: ConfigNode, override: ConfigOverride, decoder: inout ConfigDecoder) -> String? {
        let streams = root.entries?.first(where: { $0.key.text == "streams" })?.value
        guard let streams, !streams.isNull else { return StreamSettings.defaultPath }
        // A malformed `streams:` is reported by the decoder; the override has nothing to attach to.
        // So is an empty one.
        guard let entries = streams.entries, !entries.isEmpty else { return nil }
        guard entries.count == 1 else {
            let names = entries.map(\.key.text).joined(separator: ", ")
            let key = override.target == .streamPath ? "streams" : "streams.*"
            decoder.error(
                .commandLine(option: override.option), key,
                "applies to a single stream, but the config defines \(entries.count) (\(names)); set it under streams.<path> in the file instead"
            )
            return nil
        }
        return entries[0].key.text
    }

    private mutating func renameStream(_ path: String, to newPath: String, origin: ConfigOrigin) {
        guard case .mapping(var entries, let rootOrigin) = self,
            let streamsIndex = entries.firstIndex(where: { $0.key.text == "streams" })
        else {
            set(["streams", newPath], to: .mapping([], origin: origin))
            return
        }
        guard case .mapping(var streams, let streamsOrigin) = entries[streamsIndex].value,
            let index = streams.firstIndex(where: { $0.key.text == path })
        else {
            set(["streams", newPath], to: .mapping([], origin: origin))
            return
        }
        streams[index].key = ConfigScalar(text: newPath, isPlain: true, origin: origin)
        entries[streamsIndex].value = .mapping(streams, origin: streamsOrigin)
        self = .mapping(entries, origin: rootOrigin)
    }
}
