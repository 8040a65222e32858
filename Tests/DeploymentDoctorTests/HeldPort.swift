import Glibc

/// A port this test holds bound (the kernel picks a free one), so the doctor finds it taken.
final class HeldPort {
    let port: Int
    private let descriptor: Int32

    init(udp: Bool) throws {
        let descriptor = socket(AF_INET6, udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var zero: Int32 = 0
        setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(errno: errno) }
        if !udp { listen(descriptor, 1) }
        port = Int(UInt16(bigEndian: address.sin6_port))
    }

    deinit { close(descriptor) }

    struct Failure: Error { var errno: Int32 }
}
