extension ConfigDecoder {
    static let onvifKeys = ["enabled", "name", "hardware", "location"]

    mutating func decodeONVIF(_ node: ConfigNode) -> ONVIFSettings {
        var onvif = ONVIFSettings()
        guard let fields = fields(of: node, key: "onvif", allowed: Self.onvifKeys, expected: "a mapping of ONVIF settings") else {
            return onvif
        }
        if let value = fields["enabled"] {
            if case .scalar(let scalar) = value, scalar.isPlain, scalar.text == "true" || scalar.text == "false" {
                onvif.enabled = scalar.text == "true"
            } else {
                error(value.origin, "onvif.enabled", "expected true or false, got \(value.summary)")
            }
        }
        if let value = fields["name"], !value.isNull { onvif.name = scopeText(value, key: "onvif.name") }
        if let value = fields["hardware"], let text = scopeText(value, key: "onvif.hardware") { onvif.hardware = text }
        if let value = fields["location"], !value.isNull { onvif.location = scopeText(value, key: "onvif.location") }
        return onvif
    }

    /// A scope value: 1 to 64 characters of printable text (it is percent-encoded into the scope URI).
    private mutating func scopeText(_ node: ConfigNode, key: String) -> String? {
        let expected = "text of 1 to 64 printable characters"
        guard let text = text(node, key: key, expected: expected) else { return nil }
        guard (1...64).contains(text.count), text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            error(node.origin, key, "expected \(expected), got '\(text.prefix(80))'")
            return nil
        }
        return text
    }
}
