#if canImport(Glibc)
    import Glibc
#endif

extension ProcessFigures {
    /// This process' figures now, from `/proc`; nil where there is no `/proc` (then the gauges keep their last values).
    static func readCurrent() -> ProcessFigures? {
        guard let statm = readSmallFile("/proc/self/statm"), let stat = readSmallFile("/proc/self/stat"),
            let systemStat = readSmallFile("/proc/stat")
        else { return nil }
        return ProcessFigures(
            statm: statm, stat: stat, systemStat: systemStat, pageSize: sysconf(Int32(_SC_PAGESIZE)),
            ticksPerSecond: sysconf(Int32(_SC_CLK_TCK)), openFileDescriptors: countOpenFileDescriptors())
    }

    /// Up to 64 KiB of a `/proc` file (`/proc/stat` lists every CPU: a few KiB on big machines).
    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries in `/proc/self/fd`, less the one the listing itself holds open.
    private static func countOpenFileDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { count += 1 }
        }
        return max(count - 1, 0)
    }
}
