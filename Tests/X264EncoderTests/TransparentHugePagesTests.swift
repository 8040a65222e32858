import Testing
import X264Encoder

#if canImport(Glibc)
import Glibc
#endif

/// libx264 madvises its large buffers into 2 MB huge pages; an open encoder must have turned that off.
@Suite struct TransparentHugePagesTests {
    @Test func openingAnEncoderDisablesTransparentHugePagesForTheProcess() throws {
        let encoder = try X264Encoder(settings: EncoderSettings(width: 1280, height: 720))
        // /proc/PID/status has said "THP_enabled:" since Linux 5.0; 0 once PR_SET_THP_DISABLE is set.
        let status = try #require(Self.contents(of: "/proc/self/status"))
        let line = status.split(separator: "\n").first { $0.hasPrefix("THP_enabled:") }
        #expect(line.map { $0.split(separator: "\t").last == "0" } == true, "\(line ?? "no THP_enabled line")")
        _ = encoder
    }

    static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
