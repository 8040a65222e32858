/// Who set a session up, and so who alone may control it: the client's address as its RTSP connection showed
/// it, and — when users are configured — the user it authenticated as.
///
/// A session id travels in clear text and shows up in logs and packet captures; knowing one must not be enough
/// to PLAY, PAUSE or TEARDOWN someone else's viewing, or to move its media elsewhere with a SETUP. The address
/// (not the connection) is what is compared, so a UDP session may still be controlled from a new connection
/// of the same client, as RFC 2326 §3.4 allows.
struct SessionOwner: Hashable, Sendable, CustomStringConvertible {
    /// The plain IP address (`RTSPConnectionHandler.plainIP`), IPv4-mapped IPv6 written as IPv4.
    var address: String
    /// The authenticated user; nil when no users are configured (and for OPTIONS, which is never challenged).
    var user: String?

    /// Whether `requester` may control what this owner set up. `checkingUser: false` is for OPTIONS, which
    /// carries no credentials: only its address can be compared.
    func admits(_ requester: SessionOwner, checkingUser: Bool = true) -> Bool {
        address == requester.address && (!checkingUser || user == requester.user)
    }

    var description: String { user.map { "\($0)@\(address)" } ?? address }
}
