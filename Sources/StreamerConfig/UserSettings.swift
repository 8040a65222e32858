import Logging

/// One entry of `users:`: who may watch, proven how, and which streams.
public struct UserSettings: Sendable, Hashable {
    /// How a user's secret is kept in the file.
    public enum Credential: Sendable, Hashable {
        /// `password`: the secret itself (the file should then be readable by root and camstream only).
        case password(String)
        /// `password_hash`: a hash of the secret, so the file does not reveal it.
        case passwordHash(String)
    }

    public var name: String
    public var credential: Credential
    /// `streams`: the paths this user may open; `nil` (key absent) means every stream.
    public var streams: [String]?

    public init(name: String, credential: Credential, streams: [String]? = nil) {
        self.name = name
        self.credential = credential
        self.streams = streams
    }
}

/// The `log:` section.
public struct LogSettings: Sendable, Hashable {
    /// `level`: `info` says what starts, who watches and what fails; `debug` adds every RTSP request.
    public var level: Logger.Level

    public init(level: Logger.Level = .info) {
        self.level = level
    }
}
