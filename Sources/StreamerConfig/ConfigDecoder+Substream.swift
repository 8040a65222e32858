extension ConfigDecoder {
    static let substreamKeys = ["path", "width", "height", "fps", "bitrate_kbps", "multicast"]

    /// `streams.<path>.substream`, checked against its parent: a passed-through H.264 camera has no picture to
    /// scale, and a sub-stream is never larger or faster than what is captured. Its path is checked against the
    /// other streams by `checkSubstreamPaths`, once every stream is known.
    mutating func decodeSubstream(_ node: ConfigNode, parent: StreamSettings, key: String) -> (SubstreamSettings, pathOrigin: ConfigOrigin)?
    {
        guard
            let fields = fields(
                of: node, key: key, allowed: Self.substreamKeys,
                expected: "a mapping with width, height, fps, bitrate_kbps, path and multicast (or nothing for no sub-stream)")
        else { return nil }
        var settings = SubstreamSettings(path: SubstreamSettings.defaultPath(parent: parent.path))
        var valid = true
        if parent.format?.uppercased() == "H264" {
            error(
                fields.origin, key,
                "a camera whose own H.264 is passed through (format: H264) has no raw picture to scale for a sub-stream; remove substream, or capture a raw format such as YUYV, NV12 or MJPG and let x264 encode both"
            )
            valid = false
        }
        if let value = fields["path"] {
            if let written = text(value, key: fields.key("path"), expected: "a stream path such as \(settings.path)") {
                if let path = Self.streamPath(written) {
                    settings.path = path
                } else {
                    error(
                        value.origin, fields.key("path"),
                        "expected a stream path of letters, digits and . _ ~ - (segments separated by /), got '\(written)'")
                    valid = false
                }
            } else {
                valid = false
            }
        }
        if let value = fields["width"] {
            if let width = evenInteger(
                value, key: fields.key("width"), in: 16...parent.width,
                expected: "an even width in pixels from 16 to the stream's width (\(parent.width))")
            {
                settings.width = width
            } else {
                valid = false
            }
        }
        if let value = fields["height"] {
            if let height = evenInteger(
                value, key: fields.key("height"), in: 16...parent.height,
                expected: "an even height in pixels from 16 to the stream's height (\(parent.height))")
            {
                settings.height = height
            } else {
                valid = false
            }
        }
        // The defaults must fit too: a 320x240 stream cannot have the default 640x360 sub-stream.
        if settings.width > parent.width || settings.height > parent.height {
            error(
                fields.origin, key,
                "the sub-stream's \(settings.width)x\(settings.height) is larger than the stream's \(parent.width)x\(parent.height); set its width and height to at most the stream's"
            )
            valid = false
        }
        if let value = fields["fps"], !value.isNull {
            if let fps = integer(
                value, key: fields.key("fps"), in: 1...parent.fps,
                expected: "frames per second from 1 to the stream's fps (\(parent.fps)), or nothing for every frame")
            {
                settings.fps = fps
            } else {
                valid = false
            }
        }
        if let value = fields["bitrate_kbps"] {
            if let bitrate = integer(value, key: fields.key("bitrate_kbps"), in: 16...100_000, expected: "kbit/s from 16 to 100000") {
                settings.bitrateKbps = bitrate
            } else {
                valid = false
            }
        }
        if let value = fields["multicast"], !value.isNull {
            settings.multicast = multicast(value, key: fields.key("multicast"))
            if settings.multicast == nil { valid = false }
        }
        guard valid else { return nil }
        return (settings, fields.origin(of: "path"))
    }

    /// A sub-stream's path is a stream path like any other: it may not be its parent's, another stream's, or
    /// another sub-stream's.
    mutating func checkSubstreamPaths(
        _ streams: [StreamSettings], pathOrigins: [String: ConfigOrigin], streamOrigins: [String: ConfigOrigin]
    ) {
        var taken = streamOrigins
        for stream in streams {
            guard let substream = stream.substream, let origin = pathOrigins[stream.path] else { continue }
            let key = "streams.\(stream.path).substream.path"
            if let first = taken[substream.path] {
                let owner = substream.path == stream.path ? "this stream's own path" : "already the path of another stream"
                error(
                    origin, key,
                    "'\(substream.path)' is \(owner) (line \(first.line ?? 0)); each stream and sub-stream needs a path of its own")
            } else {
                taken[substream.path] = origin
            }
        }
    }
}
