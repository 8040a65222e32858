import Foundation
import ProcessTestSupport
import Testing

/// systemd/camstream.service as install.sh installs it: `systemd-analyze verify` finds nothing, and
/// `systemd-analyze security` rates its exposure at most 2.0 (printed in the test log).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SystemdUnitTests {
    /// The installed unit, with ExecStart pointing at the staged binary: verify checks that it exists.
    static func stagedUnit(in root: TemporaryDirectory) async throws -> String {
        let install = try await InstallScriptTests.installInto(root.url.path)
        #expect(install.status == 0, "\(install.stderr)")
        let unit = try String(contentsOfFile: root.url.path + "/etc/systemd/system/camstream.service", encoding: .utf8)
        return try root.write(
            "camstream.service", unit.replacingOccurrences(of: "ExecStart=/usr/local/bin/camstream", with: "ExecStart=\(root.url.path)/usr/local/bin/camstream"))
    }

    @Test func systemdAnalyzeVerifyPasses() async throws {
        let root = try TemporaryDirectory("unit-verify")
        let unit = try await Self.stagedUnit(in: root)
        let result = try await Subprocess.run("systemd-analyze", ["verify", unit])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func securityExposureIsAtMostTwo() async throws {
        let root = try TemporaryDirectory("unit-security")
        let unit = try await Self.stagedUnit(in: root)
        let result = try await Subprocess.run("systemd-analyze", ["security", "--offline=true", unit])
        print(result.stdoutText)
        let marker = "Overall exposure level for camstream.service: "
        let line = try #require(result.stdoutText.split(separator: "\n").first { $0.contains(marker) })
        let exposure = try #require(Double(line.components(separatedBy: marker)[1].prefix { $0 == "." || $0.isNumber }))
        #expect(exposure <= 2.0, "\(line)")
    }
}
