/// One challenge of a `WWW-Authenticate` header a relay answers 401 with: its scheme and parameters.
///
/// Parsed leniently, as servers write it: scheme in any case, parameter names in any case, values quoted or
/// not, a backslash escaping inside quotes. A header value may carry several challenges
/// (`Digest realm="a", nonce="b", Basic realm="a"`); `parsingAll` splits them where a new scheme word begins.
///
/// Specification: RFC 7235 §4.1, RFC 7616 §3.3, RFC 7617 §2
public struct AuthenticationChallenge: Sendable, Hashable {
    /// Lower-cased: `digest`, `basic`.
    public var scheme: String
    /// Parameter names lower-cased, values unquoted.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    /// Every challenge in the `WWW-Authenticate` values of one response, in order; unparseable text is skipped.
    public static func parsingAll(_ values: [String]) -> [AuthenticationChallenge] {
        values.flatMap(parse)
    }

    /// Splits one header value into challenges: a token followed by white space (not `=`) starts a new one.
    static func parse(_ value: String) -> [AuthenticationChallenge] {
        var challenges: [AuthenticationChallenge] = []
        let scalars = Array(value.unicodeScalars)
        var index = 0
        func skip(_ set: String) {
            while index < scalars.count, set.unicodeScalars.contains(scalars[index]) { index += 1 }
        }
        func token() -> String {
            var text = String.UnicodeScalarView()
            while index < scalars.count, !" \t,=\"".unicodeScalars.contains(scalars[index]) {
                text.append(scalars[index])
                index += 1
            }
            return String(text)
        }
        skip(" \t,")
        while index < scalars.count {
            let scheme = token()
            guard !scheme.isEmpty else { break }
            var challenge = AuthenticationChallenge(scheme: scheme)
            skip(" \t")
            while index < scalars.count {
                let mark = index
                skip(" \t,")
                let name = token()
                skip(" \t")
                guard !name.isEmpty, index < scalars.count, scalars[index] == "=" else {
                    // Not `name=value`: the start of the next challenge (or a token68, which no RTSP scheme uses).
                    index = mark
                    break
                }
                index += 1
                skip(" \t")
                var parameterValue = String.UnicodeScalarView()
                if index < scalars.count, scalars[index] == "\"" {
                    index += 1
                    while index < scalars.count, scalars[index] != "\"" {
                        if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                        parameterValue.append(scalars[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < scalars.count, scalars[index] != ",", scalars[index] != " ", scalars[index] != "\t" {
                        parameterValue.append(scalars[index])
                        index += 1
                    }
                }
                challenge.parameters[name.lowercased()] = String(parameterValue)
            }
            challenges.append(challenge)
            skip(" \t,")
        }
        return challenges
    }
}
