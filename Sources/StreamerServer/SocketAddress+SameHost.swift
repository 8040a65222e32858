import NIOCore

extension SocketAddress {
    /// Whether both name the same IP address, whatever their ports. Compared as bytes: it runs for every
    /// datagram a viewer's client sends, and `ipAddress` formats a new string each time it is read.
    func isSameHost(as other: SocketAddress) -> Bool {
        switch (self, other) {
        case (.v4(let one), .v4(let two)):
            return one.address.sin_addr.s_addr == two.address.sin_addr.s_addr
        case (.v6(let one), .v6(let two)):
            return withUnsafeBytes(of: one.address.sin6_addr) { first in
                withUnsafeBytes(of: two.address.sin6_addr) { second in first.elementsEqual(second) }
            }
        default:
            return false
        }
    }
}
