import RTSPClient

extension ConfigDecoder {
    static let pushKeys = ["url", "user", "password", "password_file", "transport"]

    /// A stream's `push:`: a list of targets, or one URL as a shorthand (which is what `--push` writes).
    /// Duplicates are the same host, port and path, whatever the credentials: two pushes of one stream to one
    /// relay path would fight over it.
    mutating func decodePush(_ node: ConfigNode, key: String) -> [PushSettings] {
        if node.isNull { return [] }
        let items: [ConfigNode]
        switch node {
        case .sequence(let list, _): items = list
        case .scalar: items = [node]
        case .mapping: items = [node]
        }
        var targets: [PushSettings] = []
        var seen: [String: ConfigOrigin] = [:]
        for (index, item) in items.enumerated() {
            let itemKey = "\(key)[\(index)]"
            guard let target = pushTarget(item, key: itemKey) else { continue }
            let identity = "\(target.url.authority.lowercased())\(target.url.path)"
            if let first = seen[identity] {
                error(
                    item.origin, itemKey,
                    "duplicate push target \(target.url.requestURI) (first at line \(first.line ?? 0)); push each relay path once")
                continue
            }
            seen[identity] = item.origin
            targets.append(target)
        }
        return targets
    }

    private mutating func pushTarget(_ node: ConfigNode, key: String) -> PushSettings? {
        let urlExpected = "an RTSP URL such as rtsp://relay.example:8554/garden"
        if case .scalar = node {
            guard
                let written = text(
                    node, key: key, expected: "\(urlExpected), or a mapping with url, user, password or password_file, transport")
            else { return nil }
            return pushURL(written, node: node, key: key).map { PushSettings(url: $0) }
        }
        guard
            let fields = fields(
                of: node, key: key, allowed: Self.pushKeys,
                expected: "a mapping with url and optionally user, password or password_file, transport")
        else { return nil }
        guard let urlNode = fields["url"] else {
            error(fields.origin, fields.key("url"), "missing; expected \(urlExpected)")
            return nil
        }
        guard let written = text(urlNode, key: fields.key("url"), expected: urlExpected),
            let url = pushURL(written, node: urlNode, key: fields.key("url"))
        else { return nil }
        var target = PushSettings(url: url)
        var valid = true
        if let value = fields["user"], !value.isNull {
            let expected = "a user name for the relay, without ':' or line breaks"
            if let user = text(value, key: fields.key("user"), expected: expected), !user.isEmpty,
                !user.contains(where: { $0 == ":" || $0 == "\n" || $0 == "\r" || $0 == "\"" })
            {
                target.user = user
            } else {
                if case .scalar(let scalar) = value, !scalar.isNull {
                    error(value.origin, fields.key("user"), "expected \(expected), got '\(scalar.text)'")
                }
                valid = false
            }
        }
        switch (fields["password"], fields["password_file"]) {
        case (.some, .some):
            error(fields.origin(of: "password_file"), key, "has both password and password_file; keep one")
            valid = false
        case (let value?, nil) where !value.isNull:
            if let password = text(value, key: fields.key("password"), expected: "the relay password"), !password.isEmpty {
                target.password = .text(password)
            } else {
                valid = false
            }
        case (nil, let value?) where !value.isNull:
            let expected = "the absolute path of a file holding the relay password, such as /etc/camstream/relay-password"
            if let path = text(value, key: fields.key("password_file"), expected: expected), path.hasPrefix("/"), path.count > 1 {
                target.password = .file(path)
            } else {
                if case .scalar(let scalar) = value, !scalar.isNull {
                    error(value.origin, fields.key("password_file"), "expected \(expected), got '\(scalar.text)'")
                }
                valid = false
            }
        default:
            break
        }
        if target.password != nil, target.user == nil, url.user == nil {
            error(fields.origin, key, "has a password but no user; set user: or put the user in the URL")
            valid = false
        }
        if let value = fields["transport"],
            let name = choice(
                value, key: fields.key("transport"), among: PushSettings.Transport.allCases.map(\.rawValue), expected: "tcp or udp"),
            let transport = PushSettings.Transport(rawValue: name)
        {
            target.transport = transport
        } else if fields["transport"] != nil {
            valid = false
        }
        return valid ? target : nil
    }

    private mutating func pushURL(_ text: String, node: ConfigNode, key: String) -> RTSPURL? {
        do {
            return try RTSPURL(parsing: text)
        } catch {
            // The URL may hold a password: the message names what is wrong, and shows the URL without it.
            self.error(node.origin, key, "expected an RTSP URL such as rtsp://relay.example:8554/garden: \(error)")
            return nil
        }
    }
}
