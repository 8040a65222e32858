import Glibc
import ONVIF
import StreamerConfig
import StreamerServer

extension ServerConfiguration.ONVIFConfiguration {
    /// The `onvif:` section as the server serves it: the device's name and scopes, and an identity that stays the
    /// same across restarts (from /etc/machine-id, else the host name), so a recorder knows the camera again.
    init(_ settings: ONVIFSettings, version: String) {
        let hostname = Self.hostname()
        let machineID = (try? PushPasswordFile.read("/etc/machine-id")).map { $0.filter { !$0.isWhitespace } }
        let identity = ONVIFDevice.identity(seed: machineID.flatMap { $0.isEmpty ? nil : $0 } ?? hostname)
        let scopes = ONVIFDevice.scopes(name: settings.name ?? hostname, hardware: settings.hardware, location: settings.location)
        self.init(
            device: ONVIFDevice(
                manufacturer: "camstream", model: settings.hardware, firmwareVersion: version, serialNumber: identity.serialNumber,
                hardwareID: settings.hardware, hostname: hostname, scopes: scopes, endpointReference: identity.endpointReference))
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "camstream" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "camstream" : name
    }
}
