import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

/// Which calls reach the device: libv4l2's wrappers or libc's own.
///
/// libv4l2 converts formats a camera lacks (vendor formats and Bayer to YU12) and works around
/// driver quirks, but it talks to the kernel with raw `syscall(2)`s: `nm -D libv4l2.so.0` shows it
/// imports `syscall`, not `open` or `ioctl`. An LD_PRELOAD interposer such as libcamera's
/// `libcamerify` (the Raspberry Pi camera's V4L2 compatibility layer) replaces libc's `open`,
/// `ioctl` and `mmap`, so it never sees libv4l2's calls and the camera stays invisible. The libc
/// path makes every call through libc, where the interposer sits.
public enum V4L2IO: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case libv4l2
    case libc

    /// libc when something is preloaded (an interposer must see the calls), libv4l2 otherwise.
    public static func automatic(environment: [String: String]) -> V4L2IO {
        let preloaded = (environment["LD_PRELOAD"] ?? "").split(whereSeparator: { $0 == ":" || $0 == " " })
        return preloaded.isEmpty ? .libv4l2 : .libc
    }

    public var description: String { rawValue }

    func open(_ path: String, flags: Int32) -> Int32 {
        switch self {
        case .libv4l2: camstream_v4l2_open(path, flags)
        case .libc: camstream_libc_open(path, flags)
        }
    }

    func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Int32 {
        switch self {
        case .libv4l2: camstream_v4l2_ioctl(fd, request, argument)
        case .libc: camstream_libc_ioctl(fd, request, argument)
        }
    }

    func mmap(_ fd: Int32, length: Int, offset: Int64) -> UnsafeMutableRawPointer? {
        let address: UnsafeMutableRawPointer? =
            switch self {
            case .libv4l2: v4l2_mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset)
            case .libc: Glibc.mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
            }
        return address == MAP_FAILED ? nil : address
    }

    func munmap(_ address: UnsafeMutableRawPointer, length: Int) {
        switch self {
        case .libv4l2: _ = v4l2_munmap(address, length)
        case .libc: _ = Glibc.munmap(address, length)
        }
    }

    func close(_ fd: Int32) {
        switch self {
        case .libv4l2: _ = v4l2_close(fd)
        case .libc: _ = Glibc.close(fd)
        }
    }
}
