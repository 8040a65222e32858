import Glibc
import NIOCore

/// Whether the program listening on a port is camstream: an RTSP `OPTIONS` over loopback, answered with
/// `Server: camstream`. Lets the doctor tell "camstream is running" from "another program holds the port".
enum RunningServerProbe {
    /// - Parameter host: where the server listens; a wildcard is asked on loopback.
    static func isCamstream(host: String, port: Int, timeoutSeconds: Int = 2) -> Bool {
        let target = host == "::" ? "::1" : host == "0.0.0.0" ? "127.0.0.1" : host
        guard let address = try? SocketAddress(ipAddress: target, port: port) else { return false }
        let descriptor = socket(target.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = address.withSockAddr { pointer, length in connect(descriptor, pointer, socklen_t(length)) == 0 }
        guard connected else { return target == "::1" && isCamstream(host: "127.0.0.1", port: port, timeoutSeconds: timeoutSeconds) }
        let request = Array("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: camstream-doctor\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return false
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        // Read until the end of the header block (or the timeout, or 4 KiB: no RTSP reply to OPTIONS is longer).
        while response.count < 4096, !response.ends(with: Array("\r\n\r\n".utf8)) {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            response += chunk[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self).lowercased()
        return text.hasPrefix("rtsp/1.0 200") && text.contains("\r\nserver: camstream")
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
