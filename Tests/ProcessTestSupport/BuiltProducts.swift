import Foundation

/// What SwiftPM built beside the running test bundle.
public enum BuiltProducts {
    /// The `camstream` binary: the integration tests start it, and the libcamera tests start its capture process.
    public static var camstream: String {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        // Linux runs `<products>/camstreamPackageTests.xctest`; step out of any bundle directories.
        while ["Contents", "MacOS"].contains(directory.lastPathComponent) || directory.lastPathComponent.hasSuffix(".xctest") {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("camstream").path
    }
}
