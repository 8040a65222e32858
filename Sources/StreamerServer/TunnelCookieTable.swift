/// The open RTSP-over-HTTP tunnels by `x-sessioncookie`: which data channel (GET) a POST's requests go to.
///
/// Policy only, no sockets: a cookie names one GET at a time; the table holds at most `capacity` of them (each
/// holds a connection too, so the connection limits bound it as well); a POST is joined to its GET only from the
/// GET's own address, as `SessionOwner` keeps a session to its address, so a cookie seen on the wire cannot be
/// used from elsewhere to send requests into someone's tunnel.
struct TunnelCookieTable<DataChannel> {
    struct Entry {
        var dataChannel: DataChannel
        var address: String
        /// POSTs joined so far (live555 may open one per request; ffmpeg keeps one open).
        var posts = 0
    }

    enum Refusal: Error, Hashable, CustomStringConvertible {
        case cookieInUse
        case full(capacity: Int)
        case noSuchTunnel
        case otherAddress

        /// The HTTP status line's code and the reason sent and logged.
        var status: (code: Int, phrase: String) {
            switch self {
            case .cookieInUse: (409, "Conflict")
            case .full: (503, "Service Unavailable")
            case .noSuchTunnel: (400, "Bad Request")
            case .otherAddress: (403, "Forbidden")
            }
        }

        var description: String {
            switch self {
            case .cookieInUse: "a tunnel with this x-sessioncookie is already open"
            case .full(let capacity): "the server has its maximum of \(capacity) RTSP-over-HTTP tunnels"
            case .noSuchTunnel: "no tunnel GET is open for this x-sessioncookie; a POST must follow its GET"
            case .otherAddress: "this x-sessioncookie belongs to a tunnel opened from another address"
            }
        }
    }

    let capacity: Int
    private(set) var entries: [String: Entry] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func openData(cookie: String, address: String, dataChannel: DataChannel) throws(Refusal) {
        guard entries[cookie] == nil else { throw .cookieInUse }
        guard entries.count < capacity else { throw .full(capacity: capacity) }
        entries[cookie] = Entry(dataChannel: dataChannel, address: address)
    }

    /// Joins a POST to its GET: the data channel its requests go to.
    mutating func joinPost(cookie: String, address: String) throws(Refusal) -> DataChannel {
        guard let entry = entries[cookie] else { throw .noSuchTunnel }
        guard entry.address == address else { throw .otherAddress }
        entries[cookie]?.posts += 1
        return entry.dataChannel
    }

    /// The GET closed: the cookie is free, and its POSTs have nowhere to send.
    mutating func closeData(cookie: String) {
        entries[cookie] = nil
    }
}
