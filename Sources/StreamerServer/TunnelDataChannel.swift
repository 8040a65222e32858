import NIOCore

/// One open RTSP-over-HTTP tunnel's data channel (its GET connection), as its POSTs find it through the cookie
/// table: where their decoded requests go, and whose RTSP handler says when they may send more.
final class TunnelDataChannel: @unchecked Sendable {
    // @unchecked: touched only on the server's one event loop (the GET's and every POST's).
    let channel: Channel
    let cookie: String
    weak var connection: RTSPConnectionHandler?
    /// Closes the GET if no POST joins in time: a data channel nobody can send requests into is only held open.
    var noPostTimeout: Scheduled<Void>?
    var hasHadPost = false
    /// The POST connections joined to it, and how to let each read again once the RTSP handler has answered.
    var posts: [ObjectIdentifier: (channel: Channel, readOn: () -> Void)] = [:]

    init(channel: Channel, cookie: String) {
        self.channel = channel
        self.cookie = cookie
    }

    /// The RTSP handler has answered every request it read: POSTs held back may read again.
    func readOnPosts() {
        for post in posts.values { post.readOn() }
    }

    /// The GET closed: its POSTs have nowhere to send, so they close too.
    func closed() {
        noPostTimeout?.cancel()
        for post in posts.values { post.channel.close(promise: nil) }
        posts.removeAll()
    }
}
