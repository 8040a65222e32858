import Glibc

enum PathCheck {
    /// Whether `path` names something (a device node, or a symlink to one that exists).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }
}
