import RTSPAuth
extension ConfigDecoder {
    static let userKeys = ["name", "password", "password_hash", "streams"]

    /// `users:`, a list of `{name, password | password_hash, streams}`.
    mutating func decodeUsers(_ node: ConfigNode, streams: [String]) -> [UserSettings] {
        if node.isNull { return [] }
        guard case .sequence(let items, _) = node else {
            error(node.origin, "users", "expected a list of users, each with a name and a password or password_hash, got \(node.summary)")
            return []
        }
        var users: [UserSettings] = []
        var names: [String: ConfigOrigin] = [:]
        for (index, item) in items.enumerated() {
            let key = "users[\(index)]"
            guard
                let fields = fields(
                    of: item, key: key, allowed: Self.userKeys, expected: "a mapping with a name and a password or password_hash")
            else {
                if item.isNull { error(item.origin, key, "expected a mapping with a name and a password or password_hash, got nothing") }
                continue
            }
            var valid = true
            var name = ""
            if let value = fields["name"] {
                let expected = "a user name of letters, digits and . _ - (no spaces or colons: they end a name in HTTP-style auth)"
                if let text = text(value, key: fields.key("name"), expected: expected) {
                    if (1...64).contains(text.count),
                        text.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || "._-".unicodeScalars.contains($0) })
                    {
                        name = text
                        if let first = names[text] {
                            error(value.origin, fields.key("name"), "duplicate user '\(text)' (first at line \(first.line ?? 0))")
                            valid = false
                        }
                        names[text] = names[text] ?? value.origin
                    } else {
                        error(value.origin, fields.key("name"), "expected \(expected), got '\(text)'")
                        valid = false
                    }
                } else {
                    valid = false
                }
            } else {
                error(fields.origin, fields.key("name"), "missing; every user needs a name")
                valid = false
            }
            let credential = credential(fields)
            if credential == nil { valid = false }
            var allowed: [String]?
            if let value = fields["streams"], !value.isNull {
                allowed = streamList(value, key: fields.key("streams"), known: streams)
                if allowed == nil { valid = false }
            }
            if valid, let credential {
                users.append(UserSettings(name: name, credential: credential, streams: allowed))
            }
        }
        return users
    }

    /// Exactly one of `password` and `password_hash`, not empty.
    private mutating func credential(_ fields: Fields) -> UserSettings.Credential? {
        switch (fields["password"], fields["password_hash"]) {
        case (nil, nil):
            error(fields.origin, fields.prefix, "needs a password or a password_hash")
            return nil
        case (.some, .some):
            error(fields.origin(of: "password_hash"), fields.prefix, "has both password and password_hash; keep one")
            return nil
        case (let password?, nil):
            guard let text = text(password, key: fields.key("password"), expected: "a password"), !text.isEmpty else {
                if case .scalar(let scalar) = password, !scalar.isNull {
                    error(password.origin, fields.key("password"), "expected a password, got empty text")
                }
                return nil
            }
            return .password(text)
        case (nil, let hash?):
            guard let text = text(hash, key: fields.key("password_hash"), expected: "a password hash"), !text.isEmpty,
                !text.contains(where: { $0.isWhitespace })
            else {
                if case .scalar(let scalar) = hash, !scalar.isNull {
                    error(hash.origin, fields.key("password_hash"), "expected a password hash without spaces, got '\(scalar.text)'")
                }
                return nil
            }
            do {
                _ = try UserCredentials.parseHashes(text)
            } catch let problem {
                error(hash.origin, fields.key("password_hash"), "\(problem): make one with `camstream hash-password NAME`")
                return nil
            }
            return .passwordHash(text)
        }
    }

    /// A list of stream paths, each naming a stream of this file.
    private mutating func streamList(_ node: ConfigNode, key: String, known: [String]) -> [String]? {
        guard case .sequence(let items, _) = node else {
            error(node.origin, key, "expected a list of stream paths such as [cam], or no streams key for all streams, got \(node.summary)")
            return nil
        }
        var paths: [String] = []
        var valid = true
        for item in items {
            guard let written = text(item, key: key, expected: "a stream path") else {
                valid = false
                continue
            }
            guard let path = Self.streamPath(written), known.contains(path) else {
                let hint =
                    NearestName.suggestion(for: written, among: known).map { "did you mean '\($0)'?" }
                    ?? "the streams are \(known.joined(separator: ", "))"
                error(item.origin, key, "no stream '\(written)'; \(hint)")
                valid = false
                continue
            }
            paths.append(path)
        }
        return valid ? paths : nil
    }
}
