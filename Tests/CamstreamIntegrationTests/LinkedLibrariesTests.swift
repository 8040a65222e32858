import ProcessTestSupport
import Testing

/// The binary loads no full Foundation: libFoundation, its ICU data and FoundationInternationalization cost
/// several MB of RSS on the board (docs/performance.md). FoundationEssentials alone is fine. A dependency
/// that starts to `import Foundation` on Linux shows up here rather than in the next benchmark.
@Suite(.timeLimit(.minutes(1)))
struct LinkedLibrariesTests {
    @Test func theBinaryLinksNoFullFoundation() async throws {
        let result = try await Subprocess.run("ldd", [CamstreamProcess.executablePath], timeout: .seconds(30))
        #expect(result.status == 0, "ldd failed: \(result.stderr)")
        let libraries = result.stdoutText.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
        #expect(libraries.contains { $0.hasPrefix("libswiftCore.so") || $0.hasPrefix("libc.so") }, "ldd listed nothing known: \(libraries)")
        let foundation = libraries.filter {
            $0.hasPrefix("libFoundation.so") || $0.hasPrefix("lib_FoundationICU.so") || $0.hasPrefix("libFoundationInternationalization.so")
        }
        #expect(foundation.isEmpty, "camstream links \(foundation); some dependency imports Foundation instead of FoundationEssentials")
    }
}
