import NIOCore
import Testing

@testable import StreamerServer

/// Symmetric RTP follows only packets from the viewer's own host: the byte comparison must agree with the
/// addresses' text, port aside, for both families.
@Suite struct SameHostTests {
    @Test(arguments: [
        ("192.0.2.7", 5000, "192.0.2.7", 6000, true),
        ("192.0.2.7", 5000, "192.0.2.8", 5000, false),
        ("2001:db8::1", 5000, "2001:db8::1", 7000, true),
        ("2001:db8::1", 5000, "2001:db8::2", 5000, false),
        ("::ffff:192.0.2.7", 5000, "::ffff:192.0.2.7", 5002, true),
        // An IPv4 address and the same address mapped into IPv6 arrive on different sockets; never the same here.
        ("192.0.2.7", 5000, "::ffff:192.0.2.7", 5000, false),
    ])
    func sameHostIsTheSameAddressWhateverThePort(first: String, firstPort: Int, second: String, secondPort: Int, same: Bool) throws {
        let one = try SocketAddress(ipAddress: first, port: firstPort)
        let two = try SocketAddress(ipAddress: second, port: secondPort)
        #expect(one.isSameHost(as: two) == same)
        #expect(two.isSameHost(as: one) == same)
        #expect(same == (one.ipAddress == two.ipAddress))
    }
}
