/// A JSON object written field by field, by hand (no Foundation in the binary). Keys are the code's own
/// constants; string values are escaped by `JSONText`; a number that is not finite is written as null.
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: String?) {
        fields.append("\(JSONText.quoted(key)):\(value.map(JSONText.quoted) ?? "null")")
    }

    mutating func add(_ key: String, _ value: Int?) {
        fields.append("\(JSONText.quoted(key)):\(value.map { "\($0)" } ?? "null")")
    }

    mutating func add(_ key: String, _ value: Double?) {
        let text = value.flatMap { $0.isFinite ? "\($0)" : nil } ?? "null"
        fields.append("\(JSONText.quoted(key)):\(text)")
    }

    mutating func add(_ key: String, _ value: Bool) {
        fields.append("\(JSONText.quoted(key)):\(value)")
    }

    /// A value that is already JSON: a nested object or array.
    mutating func add(_ key: String, json: String) {
        fields.append("\(JSONText.quoted(key)):\(json)")
    }

    var text: String { "{" + fields.joined(separator: ",") + "}" }
}
