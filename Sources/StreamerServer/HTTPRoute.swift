/// What an HTTP request asks for, from its path and query alone: routes stay thin, each a function of the
/// request and the stream registry.
enum HTTPRoute: Equatable {
    /// `/`: the live view page.
    case liveView
    /// `/token`: a fresh WebSocket token for the page's next connection.
    case token
    /// `/snapshot.jpg?stream=PATH&width=W` or `/PATH/snapshot.jpg`: the newest frame as a JPEG; no stream
    /// means the first.
    case snapshot(stream: String?, width: String?)
    /// `/api/status`: the server's state as JSON.
    case status
    /// `/metrics`: Prometheus' text exposition.
    case metrics
    /// `/ws?stream=PATH&token=T`: the fMP4 WebSocket.
    case webSocket(stream: String?, token: String?)
    /// `/onvif/device_service` and `/onvif/media_service`: ONVIF's SOAP services (POST).
    case onvif
    case notFound(String)

    init(uri: String) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? ""
        let query = parts.count > 1 ? Self.query(parts[1]) : [:]
        switch path {
        case "/", "/index.html": self = .liveView
        case "/token": self = .token
        case "/api/status": self = .status
        case "/metrics": self = .metrics
        case "/ws": self = .webSocket(stream: query["stream"], token: query["token"])
        case "/snapshot.jpg": self = .snapshot(stream: query["stream"], width: query["width"])
        case "/onvif/device_service", "/onvif/media_service": self = .onvif
        default:
            if path.hasSuffix("/snapshot.jpg"), path.count > "//snapshot.jpg".count {
                let stream = path.dropFirst().dropLast("/snapshot.jpg".count)
                self = .snapshot(stream: Self.percentDecoded(stream), width: query["width"])
            } else {
                self = .notFound(path)
            }
        }
    }

    /// `a=1&b=2` as a dictionary (first value wins), percent-decoded; bounded by the request size limit.
    static func query(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = keyValue.first.flatMap({ percentDecoded($0) }), fields[key] == nil else { continue }
            // A value that does not decode is left out, as if not given.
            fields[key] = keyValue.count > 1 ? percentDecoded(keyValue[1]) : ""
        }
        return fields
    }

    /// `%XX` and `+` decoded; nil for a broken escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
