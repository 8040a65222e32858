import Foundation
import ProcessTestSupport

/// A plain blocking TCP connection to camstream on loopback, for the bytes no real client sends (a POST with
/// no GET, garbage base64) and for reading exactly what the server answers before it closes.
final class RawTCPConnection: @unchecked Sendable {
    // @unchecked: used by one test at a time; every call blocks on its own thread (`OwnThread`).
    private let descriptor: Int32
    private(set) var received = Data()
    private(set) var closedByPeer = false

    /// - Parameter localAddress: the loopback address to connect from (all of 127.0.0.0/8 is ours).
    init(port: Int, localAddress: String = "127.0.0.1") throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = Self.address(localAddress, port: 0)
        var remote = Self.address("127.0.0.1", port: port)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, connected == 0 else {
            close(descriptor)
            throw Failure(description: "bind/connect from \(localAddress) to port \(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `enough` says so, the peer closes, or 10 s pass without a byte; returns everything read so far.
    func read(until enough: @escaping @Sendable (Data) -> Bool) async -> Data {
        await OwnThread.run { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !enough(received) {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count == 0 { closedByPeer = true }
                guard count > 0 else { break }
                received.append(contentsOf: buffer.prefix(count))
            }
            return received
        }
    }

    /// Reads until the server closes the connection (or 10 s pass): true if it closed.
    func readUntilClosed() async -> Bool {
        _ = await read { _ in false }
        return closedByPeer
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    private static func address(_ ip: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
