import V4L2Capture
import X264Encoder

extension ConfigDecoder {
    static let streamKeys = [
        "source", "width", "height", "fps", "format", "bitrate_kbps", "keyint", "preset", "profile", "threads", "controls",
        "rotation", "hflip", "vflip", "multicast", "push", "substream",
    ]
    static let multicastKeys = ["group", "port", "ttl"]

    /// `streams:`, a mapping from path to settings, in file order. Paths are compared as RTSP URLs resolve
    /// them (`/cam/` is `cam`), so two spellings of one path are caught as duplicates.
    mutating func decodeStreams(_ node: ConfigNode, origins: inout [String: ConfigOrigin]) -> [StreamSettings] {
        if node.isNull { return CamstreamConfig.defaults.streams }
        guard let entries = node.entries else {
            error(
                node.origin, "streams",
                "expected a mapping from stream path to its settings, such as 'cam: {source: auto}', got \(node.summary)")
            return CamstreamConfig.defaults.streams
        }
        guard !entries.isEmpty else {
            error(node.origin, "streams", "at least one stream is needed, such as 'cam: {source: auto}'")
            return CamstreamConfig.defaults.streams
        }
        var streams: [StreamSettings] = []
        var multicastUsers: [String: (path: String, origin: ConfigOrigin)] = [:]
        var substreamPathOrigins: [String: ConfigOrigin] = [:]
        for entry in entries {
            let written = entry.key.text
            let key = "streams.\(written)"
            guard let path = Self.streamPath(written) else {
                error(
                    entry.key.origin, key,
                    "expected a stream path of letters, digits and . _ ~ - (segments separated by /), got '\(written)'")
                continue
            }
            if let first = origins[path] {
                error(
                    entry.key.origin, key, "duplicate stream path '\(path)' (first at line \(first.line ?? 0)); each path names one stream")
                continue
            }
            origins[path] = entry.key.origin
            let (stream, substreamPathOrigin) = decodeStream(entry.value, path: path, key: key)
            substreamPathOrigins[path] = substreamPathOrigin
            let multicastUses = [(stream.multicast, path, key), (stream.substream?.multicast, stream.substream?.path ?? "", "\(key).substream")]
            for case (let multicast?, let user, let userKey) in multicastUses {
                let destination = "\(multicast.group):\(multicast.port)"
                if let other = multicastUsers[destination] {
                    error(
                        entry.value.origin, "\(userKey).multicast",
                        "\(destination) is already used by stream '\(other.path)' (line \(other.origin.line ?? 0)); each stream needs its own group or port"
                    )
                } else {
                    multicastUsers[destination] = (user, entry.value.origin)
                }
            }
            streams.append(stream)
        }
        checkSubstreamPaths(streams, pathOrigins: substreamPathOrigins, streamOrigins: origins)
        return streams.isEmpty ? CamstreamConfig.defaults.streams : streams
    }

    /// A path as RTSP request URLs resolve it: slashes at either end dropped, segments of URL-safe characters.
    static func streamPath(_ written: String) -> String? {
        let segments = written.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.isEmpty,
            written.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast().allSatisfy({ !$0.isEmpty })
        else { return nil }
        for segment in segments {
            guard segment != ".", segment != "..",
                segment.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || "._~-".unicodeScalars.contains($0) })
            else { return nil }
        }
        return segments.joined(separator: "/")
    }

    /// The stream, and where its sub-stream's path was set (for the path check across streams).
    private mutating func decodeStream(_ node: ConfigNode, path: String, key: String) -> (StreamSettings, ConfigOrigin?) {
        var stream = StreamSettings(path: path)
        guard let fields = fields(of: node, key: key, allowed: Self.streamKeys, expected: "a mapping of stream settings") else {
            return (stream, nil)
        }
        if let value = fields["source"], let source = source(value, key: fields.key("source")) {
            stream.source = source
        }
        if let value = fields["width"],
            let width = evenInteger(value, key: fields.key("width"), in: 16...7680, expected: "an even width in pixels from 16 to 7680")
        {
            stream.width = width
        }
        if let value = fields["height"],
            let height = evenInteger(value, key: fields.key("height"), in: 16...4320, expected: "an even height in pixels from 16 to 4320")
        {
            stream.height = height
        }
        if let value = fields["fps"],
            let fps = integer(value, key: fields.key("fps"), in: 1...240, expected: "frames per second from 1 to 240")
        {
            stream.fps = fps
        }
        if let value = fields["format"], !value.isNull {
            stream.format = pixelFormat(value, key: fields.key("format"))
        }
        if let value = fields["bitrate_kbps"],
            let bitrate = integer(value, key: fields.key("bitrate_kbps"), in: 16...100_000, expected: "kbit/s from 16 to 100000")
        {
            stream.bitrateKbps = bitrate
        }
        if let value = fields["keyint"], !value.isNull {
            stream.keyint = integer(
                value, key: fields.key("keyint"), in: 1...100_000,
                expected: "frames between keyframes from 1 to 100000 (or nothing for two seconds of frames)")
        }
        if let value = fields["preset"],
            let preset = choice(
                value, key: fields.key("preset"), among: EncoderSettings.presets,
                expected: "an x264 preset (\(EncoderSettings.presets.joined(separator: ", ")))")
        {
            stream.preset = preset
        }
        let profiles = EncoderSettings.Profile.allCases.map(\.rawValue)
        if let value = fields["profile"],
            let name = choice(value, key: fields.key("profile"), among: profiles, expected: "baseline, main or high"),
            let profile = EncoderSettings.Profile(rawValue: name)
        {
            stream.profile = profile
        }
        if let value = fields["threads"],
            let threads = integer(value, key: fields.key("threads"), in: 0...64, expected: "encoder threads from 0 (x264 chooses) to 64")
        {
            stream.threads = threads
        }
        if let value = fields["controls"] {
            // libcamera names its controls in CamelCase (AfMode, ExposureTime); V4L2 in snake_case.
            let libcamera = if case .libcamera = stream.source { true } else { false }
            stream.controls = controls(value, key: fields.key("controls"), libcameraNames: libcamera)
        }
        orientation(fields, into: &stream)
        if let value = fields["multicast"], !value.isNull {
            stream.multicast = multicast(value, key: fields.key("multicast"))
        }
        if let value = fields["push"] {
            stream.push = decodePush(value, key: fields.key("push"))
        }
        // Last: the sub-stream is checked against the stream's final size, rate and format.
        var substreamPathOrigin: ConfigOrigin?
        if let value = fields["substream"], !value.isNull,
            let (substream, pathOrigin) = decodeSubstream(value, parent: stream, key: fields.key("substream"))
        {
            stream.substream = substream
            substreamPathOrigin = pathOrigin
        }
        return (stream, substreamPathOrigin)
    }

    /// `rotation`, `hflip`, `vflip`: libcamera's orientation. A V4L2 camera or the test pattern has none to set (a
    /// V4L2 camera's flips are its controls); `auto` may find a libcamera camera, and says in the log when not.
    private mutating func orientation(_ fields: Fields, into stream: inout StreamSettings) {
        if let value = fields["rotation"],
            let rotation = integer(
                value, key: fields.key("rotation"), in: 0...180,
                expected: "0 or 180 (libcamera turns a picture by the sensor's flips; 90 and 270 would need a transpose)")
        {
            if rotation == 0 || rotation == 180 {
                stream.rotation = rotation
            } else {
                error(
                    value.origin, fields.key("rotation"),
                    "expected 0 or 180 (libcamera turns a picture by the sensor's flips; 90 and 270 would need a transpose), got \(rotation)")
            }
        }
        for key in ["hflip", "vflip"] {
            guard let value = fields[key] else { continue }
            guard case .scalar(let scalar) = value, scalar.isPlain, scalar.text == "true" || scalar.text == "false" else {
                error(value.origin, fields.key(key), "expected true or false, got \(value.summary)")
                continue
            }
            if key == "hflip" { stream.hflip = scalar.text == "true" } else { stream.vflip = scalar.text == "true" }
        }
        let turned = stream.rotation != 0 || stream.hflip || stream.vflip
        switch stream.source {
        case .device, .test:
            guard turned, let first = ["rotation", "hflip", "vflip"].compactMap({ fields[$0] }).first else { return }
            error(
                first.origin, fields.key(["rotation", "hflip", "vflip"].first { fields[$0] != nil } ?? "rotation"),
                "rotation, hflip and vflip turn a libcamera camera's picture; source \(stream.source) has none to turn (a V4L2 camera's flips are controls: horizontal_flip, vertical_flip)"
            )
        case .auto, .libcamera:
            return
        }
    }

    mutating func evenInteger(_ node: ConfigNode, key: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let value = integer(node, key: key, in: range, expected: expected) else { return nil }
        guard value % 2 == 0 else {
            error(node.origin, key, "expected \(expected), got \(value) (4:2:0 video needs even sizes)")
            return nil
        }
        return value
    }

    private mutating func source(_ node: ConfigNode, key: String) -> VideoSourceSetting? {
        let expected =
            "auto, test, a V4L2 device such as /dev/video0 or /dev/v4l/by-id/usb-…-video-index0, or libcamera, libcamera:<index> or libcamera:<id>"
        guard let text = text(node, key: key, expected: expected) else { return nil }
        switch text {
        case "auto": return .auto
        case "test": return .test
        case "libcamera": return .libcamera(camera: nil)
        case _ where text.hasPrefix("libcamera:"):
            let camera = text.dropFirst("libcamera:".count)
            // Ids may hold spaces (vimc's is "platform/vimc.0 Sensor B"), not at either end.
            guard let first = camera.first, let last = camera.last, first != " ", last != " ",
                camera.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) })
            else {
                error(node.origin, key, "expected a camera index or id after 'libcamera:' (as 'camstream devices' lists them), got '\(text)'")
                return nil
            }
            return .libcamera(camera: String(camera))
        default:
            guard text.hasPrefix("/dev/"), text.count > 5, !text.contains(where: { $0.isWhitespace }) else {
                error(node.origin, key, "expected \(expected), got '\(text)'")
                return nil
            }
            return .device(path: text)
        }
    }

    /// A V4L2 FourCC: four printable ASCII characters, case kept (`pRAA` differs from `PRAA`).
    private mutating func pixelFormat(_ node: ConfigNode, key: String) -> String? {
        let expected = "a V4L2 pixel format of 4 characters such as YUYV, MJPG, NV12 or H264 (or nothing to choose automatically)"
        guard let text = text(node, key: key, expected: expected) else { return nil }
        guard text.unicodeScalars.count == 4, text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            error(node.origin, key, "expected \(expected), got '\(text)'")
            return nil
        }
        return text
    }

    private mutating func controls(_ node: ConfigNode, key: String, libcameraNames: Bool) -> [ControlSetting] {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            let example = libcameraNames ? "libcamera control name to value, such as 'AfMode: 2'" : "V4L2 control name to value, such as 'brightness: 128'"
            error(node.origin, key, "expected a mapping from \(example), got \(node.summary)")
            return []
        }
        var controls: [ControlSetting] = []
        for entry in entries {
            let name = entry.key.text
            let controlKey = "\(key).\(name)"
            let scalars = name.unicodeScalars
            if libcameraNames {
                guard let first = scalars.first, ("A"..."Z").contains(first), scalars.allSatisfy({ $0.isASCIIAlphanumeric }) else {
                    error(
                        entry.key.origin, controlKey,
                        "expected a libcamera control name as 'camstream controls libcamera' prints it, such as AfMode or ExposureTime, got '\(name)'"
                    )
                    continue
                }
            } else {
                guard let first = scalars.first, ("a"..."z").contains(first),
                    scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
                else {
                    error(
                        entry.key.origin, controlKey,
                        "expected a V4L2 control name in lower case as 'v4l2-ctl --list-ctrls' prints it, such as brightness or white_balance_automatic, got '\(name)'"
                    )
                    continue
                }
            }
            guard case .scalar(let scalar) = entry.value, !scalar.isNull else {
                error(entry.value.origin, controlKey, "expected a number, true/false or text, got \(entry.value.summary)")
                continue
            }
            controls.append(ControlSetting(name: name, value: scalar.text))
        }
        return controls
    }

    mutating func multicast(_ node: ConfigNode, key: String) -> MulticastSettings? {
        guard
            let fields = fields(
                of: node, key: key, allowed: Self.multicastKeys,
                expected: "a mapping with group, port and ttl (or nothing for unicast only)")
        else { return nil }
        var settings = MulticastSettings(group: "")
        var valid = true
        let groupExpected =
            "a multicast group: IPv4 224.0.1.0 to 239.255.255.255 (239.x.x.x is for private use) or IPv6 ff00::/8, such as 239.255.0.1"
        if let value = fields["group"] {
            if let group = text(value, key: fields.key("group"), expected: groupExpected), AddressSyntax.isMulticastGroup(group) {
                settings.group = group
            } else {
                if case .scalar(let scalar) = value, !scalar.isNull {
                    error(value.origin, fields.key("group"), "expected \(groupExpected), got '\(scalar.text)'")
                }
                valid = false
            }
        } else {
            error(fields.origin, fields.key("group"), "missing; expected \(groupExpected)")
            valid = false
        }
        if let value = fields["port"] {
            if let port = integer(
                value, key: fields.key("port"), in: 1024...65534,
                expected: "an even UDP port from 1024 to 65534 (RTP; RTCP takes the next one)")
            {
                if port % 2 == 0 {
                    settings.port = port
                } else {
                    error(
                        value.origin, fields.key("port"),
                        "expected an even UDP port from 1024 to 65534 (RTP; RTCP takes the next one), got \(port)")
                    valid = false
                }
            } else {
                valid = false
            }
        }
        if let value = fields["ttl"] {
            if let ttl = integer(
                value, key: fields.key("ttl"), in: 1...255, expected: "a time-to-live from 1 to 255 (1 keeps packets on this network)")
            {
                settings.ttl = ttl
            } else {
                valid = false
            }
        }
        return valid ? settings : nil
    }
}
