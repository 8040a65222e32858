import Crypto

/// What the device says about itself: GetDeviceInformation, GetScopes, GetHostname and WS-Discovery's
/// answers. Fixed for the life of the process.
public struct ONVIFDevice: Sendable, Hashable {
    public var manufacturer: String
    public var model: String
    public var firmwareVersion: String
    public var serialNumber: String
    public var hardwareID: String
    public var hostname: String
    /// `onvif://www.onvif.org/...` scope URIs, in the order they are announced.
    public var scopes: [String]
    /// WS-Discovery's endpoint reference, `urn:uuid:...`: the same across restarts, so a recorder that found
    /// the camera once knows it again.
    public var endpointReference: String

    public init(
        manufacturer: String, model: String, firmwareVersion: String, serialNumber: String, hardwareID: String, hostname: String,
        scopes: [String], endpointReference: String
    ) {
        self.manufacturer = manufacturer
        self.model = model
        self.firmwareVersion = firmwareVersion
        self.serialNumber = serialNumber
        self.hardwareID = hardwareID
        self.hostname = hostname
        self.scopes = scopes
        self.endpointReference = endpointReference
    }

    /// The scopes ONVIF Profile S devices announce (ONVIF Core §7.3.2.2): name, hardware and location (when
    /// given) from the config, percent-encoded; the device type and profile fixed.
    public static func scopes(name: String, hardware: String, location: String?) -> [String] {
        [
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/name/\(scopeEncoded(name))",
            "onvif://www.onvif.org/hardware/\(scopeEncoded(hardware))",
        ] + (location.map { ["onvif://www.onvif.org/location/\(scopeEncoded($0))"] } ?? [])
    }

    /// RFC 3986 unreserved characters as they are; every other byte as `%XX` (a space in a name is `%20`).
    public static func scopeEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(digits[Int(byte >> 4)])
                result.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// The endpoint reference and serial number for a device whose stable identity is `seed` (the machine id):
    /// hashed, as machine-id(5) asks, so the id itself never leaves the machine.
    public static func identity(seed: String) -> (endpointReference: String, serialNumber: String) {
        let hash = Array(Insecure.SHA1.hash(data: Array("camstream-onvif:\(seed)".utf8)))
        let serial = hash.suffix(6).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return (endpointReference(hash: hash), serial)
    }

    /// A `urn:uuid:` made from 16 bytes of something stable (a hash of the machine id), as a version 5-style
    /// UUID (RFC 9562 §5.5: the version and variant bits set on a name hash).
    public static func endpointReference(hash: [UInt8]) -> String {
        var bytes = Array(hash.prefix(16))
        while bytes.count < 16 { bytes.append(0) }
        bytes[6] = bytes[6] & 0x0F | 0x50
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        return "urn:uuid:" + groups.joined(separator: "-")
    }
}

/// One ONVIF media profile: a served stream, its picture and its encoding as they really are.
public struct ONVIFProfile: Sendable, Hashable {
    /// The stream's path (`cam`, `cam/sub`): the profile token and the URI's path.
    public var token: String
    /// The video source the stream encodes: streams encoding the same capture share one.
    public var sourceToken: String
    public var width: Int
    public var height: Int
    public var framesPerSecond: Int
    public var bitrateKbps: Int
    /// Frames between IDRs (`GovLength`).
    public var keyframeInterval: Int
    /// `Baseline`, `Main`, `Extended` or `High`, from the SPS.
    public var h264Profile: String
    /// Whether `/PATH/snapshot.jpg` can answer for this stream.
    public var hasSnapshot: Bool

    public init(
        token: String, sourceToken: String, width: Int, height: Int, framesPerSecond: Int, bitrateKbps: Int, keyframeInterval: Int,
        h264Profile: String, hasSnapshot: Bool
    ) {
        self.token = token
        self.sourceToken = sourceToken
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bitrateKbps = bitrateKbps
        self.keyframeInterval = keyframeInterval
        self.h264Profile = h264Profile
        self.hasSnapshot = hasSnapshot
    }

    /// ONVIF's name for an SPS `profile_idc` (ITU-T H.264 Annex A); High for the High family.
    public static func h264ProfileName(profileIDC: UInt8) -> String {
        switch profileIDC {
        case 66: "Baseline"
        case 77: "Main"
        case 88: "Extended"
        default: "High"
        }
    }
}

/// One network interface for GetNetworkInterfaces (Home Assistant takes the camera's MAC from it).
public struct ONVIFNetworkInterface: Sendable, Hashable {
    public var name: String
    /// `aa:bb:cc:dd:ee:ff`.
    public var hardwareAddress: String
    public var ipv4Address: String?
    public var ipv4PrefixLength: Int

    public init(name: String, hardwareAddress: String, ipv4Address: String?, ipv4PrefixLength: Int) {
        self.name = name
        self.hardwareAddress = hardwareAddress
        self.ipv4Address = ipv4Address
        self.ipv4PrefixLength = ipv4PrefixLength
    }
}

/// What a response depends on beyond the device: where the client reached us, what this user may see, now.
public struct ONVIFRequestContext: Sendable, Hashable {
    /// The host as the client reached it (`192.168.1.20`, `[fe80::1]`, `camera.local`): URIs name it.
    public var host: String
    public var httpPort: Int
    public var rtspPort: Int
    /// The profiles this user may open, in the configured order.
    public var profiles: [ONVIFProfile]
    public var networkInterfaces: [ONVIFNetworkInterface]
    /// Seconds since 1970 UTC.
    public var now: Int64

    public init(
        host: String, httpPort: Int, rtspPort: Int, profiles: [ONVIFProfile], networkInterfaces: [ONVIFNetworkInterface], now: Int64
    ) {
        self.host = host
        self.httpPort = httpPort
        self.rtspPort = rtspPort
        self.profiles = profiles
        self.networkInterfaces = networkInterfaces
        self.now = now
    }

    var deviceServiceURL: String { "http://\(host):\(httpPort)\(ONVIFService.devicePath)" }
    var mediaServiceURL: String { "http://\(host):\(httpPort)\(ONVIFService.mediaPath)" }
}
