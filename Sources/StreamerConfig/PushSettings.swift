import RTSPClient

/// One entry of a stream's `push:`: a relay (MediaMTX, gst-rtsp-server, a cloud RTSP service) that camstream
/// publishes the stream to with RTSP RECORD, over one outbound connection, so viewers reach the relay instead of
/// the camera and no port needs forwarding.
public struct PushSettings: Sendable, Hashable {
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        /// Interleaved in the RTSP connection: one outbound TCP connection passes any NAT.
        case tcp
        /// RTP over UDP to the relay's ports: less delay on a clean link, but needs UDP to get through.
        case udp
    }

    /// Where a password comes from, if the relay asks for one.
    public enum Password: Sendable, Hashable {
        /// In the URL (`rtsp://user:pass@…`) or `password:`.
        case text(String)
        /// `password_file:`: read when camstream starts, so the config file need not hold the secret.
        case file(String)
    }

    /// `url`: `rtsp://[user[:password]@]host[:port]/path`.
    public var url: RTSPURL
    /// `user`, overriding a user in the URL.
    public var user: String?
    public var password: Password?
    /// `transport`: tcp (default) or udp.
    public var transport: Transport

    public init(url: RTSPURL, user: String? = nil, password: Password? = nil, transport: Transport = .tcp) {
        self.url = url
        self.user = user
        self.password = password
        self.transport = transport
    }

    /// The URL with the credentials that apply, given the password file's content when there is one.
    public func resolvedURL(passwordFileContent: String? = nil) -> RTSPURL {
        var url = self.url
        if let user { url.user = user }
        switch password {
        case .text(let text): url.password = text
        case .file: url.password = passwordFileContent.map(Self.firstLine)
        case nil: break
        }
        return url
    }

    /// A password file's first line, without its line break: `echo secret > file` writes one.
    static func firstLine(_ content: String) -> String {
        String(content.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
    }
}
