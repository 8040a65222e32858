import Foundation
import ProcessTestSupport
import Testing

/// board/raspberry-pi/install.sh and uninstall.sh, run for real into a DESTDIR: files land where the
/// README says, the config gets a random viewer password once and is never overwritten, and the scripts
/// pass shellcheck.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct InstallScriptTests {
    static let install = Repository.path("board/raspberry-pi/install.sh")
    static let uninstall = Repository.path("board/raspberry-pi/uninstall.sh")

    /// The paths the README's "Files" table lists.
    static func documentedPaths() throws -> [String] {
        let readme = try String(contentsOfFile: Repository.path("board/raspberry-pi/README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Files").dropFirst().first?.components(separatedBy: "\n#").first)
        return section.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `/") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
    }

    static func installInto(_ destdir: String, _ extra: [String] = []) async throws -> Subprocess.Result {
        try await Subprocess.run(
            Self.install, ["--destdir", destdir, "--binary", CamstreamProcess.executablePath, "--no-packages"] + extra, timeout: .seconds(60))
    }

    @Test func filesLandWhereTheReadmeSays() async throws {
        let root = try TemporaryDirectory("destdir")
        let result = try await Self.installInto(root.url.path)
        #expect(result.status == 0, "\(result.stderr)")
        let documented = try Self.documentedPaths()
        #expect(documented.count == 5, "\(documented)")
        for path in documented {
            #expect(FileManager.default.fileExists(atPath: root.url.path + path), "\(path) is not installed")
        }
        let binary = root.url.path + "/usr/local/bin/camstream"
        #expect(FileManager.default.isExecutableFile(atPath: binary))
        let config = root.url.path + "/etc/camstream/camstream.yml"
        let attributes = try FileManager.default.attributesOfItem(atPath: config)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        // The user the unit runs as, in group video.
        let passwd = try String(contentsOfFile: root.url.path + "/etc/passwd", encoding: .utf8)
        #expect(passwd.contains("camstream:x:") && passwd.contains(":/nonexistent:/usr/sbin/nologin"))
        let group = try String(contentsOfFile: root.url.path + "/etc/group", encoding: .utf8)
        #expect(group.split(separator: "\n").contains { $0.hasPrefix("video:") && $0.hasSuffix(":camstream") })
        // The installed binary accepts the written config: the documented defaults plus one viewer.
        let check = try await Subprocess.run(binary, ["check-config", "--config", config])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdoutText.contains("  users: viewer\n"))
        #expect(result.stdoutText.contains("camstream install: open rtsp://viewer:"))
    }

    @Test func theFirstInstallWritesARandomPasswordAndLaterOnesKeepTheConfig() async throws {
        let first = try TemporaryDirectory("destdir-a")
        let second = try TemporaryDirectory("destdir-b")
        _ = try await Self.installInto(first.url.path)
        _ = try await Self.installInto(second.url.path)
        let configA = try String(contentsOfFile: first.url.path + "/etc/camstream/camstream.yml", encoding: .utf8)
        let configB = try String(contentsOfFile: second.url.path + "/etc/camstream/camstream.yml", encoding: .utf8)
        let passwordA = try #require(Self.password(in: configA))
        #expect(passwordA.count == 30 && passwordA.allSatisfy(\.isHexDigit), "120 random bits in hex")
        #expect(passwordA != Self.password(in: configB))
        // The rest is the shipped example, byte for byte.
        let example = try String(contentsOfFile: Repository.path("config/camstream.yml"), encoding: .utf8)
        #expect(configA == example.replacingOccurrences(of: "users: []\n", with: "users:\n  - name: viewer\n    password: \"\(passwordA)\"\n"))

        let edited = configA.replacingOccurrences(of: "fps: 30", with: "fps: 25") + "# mine\n"
        try edited.write(toFile: first.url.path + "/etc/camstream/camstream.yml", atomically: true, encoding: .utf8)
        let again = try await Self.installInto(first.url.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutText.contains("keeping the config that is there"))
        #expect(try String(contentsOfFile: first.url.path + "/etc/camstream/camstream.yml", encoding: .utf8) == edited)
    }

    @Test func aPrefixMovesTheBinaryAndTheUnitFollows() async throws {
        let root = try TemporaryDirectory("destdir-prefix")
        let result = try await Self.installInto(root.url.path, ["--prefix", "/opt/camstream"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: root.url.path + "/opt/camstream/bin/camstream"))
        let unit = try String(contentsOfFile: root.url.path + "/etc/systemd/system/camstream.service", encoding: .utf8)
        #expect(unit.contains("\nExecStart=/opt/camstream/bin/camstream serve --config /etc/camstream/camstream.yml\n"))
    }

    @Test func uninstallKeepsTheConfigUnlessPurged() async throws {
        let root = try TemporaryDirectory("destdir-uninstall")
        _ = try await Self.installInto(root.url.path)
        let removed = try await Subprocess.run(Self.uninstall, ["--destdir", root.url.path])
        #expect(removed.status == 0, "\(removed.stderr)")
        for path in try Self.documentedPaths() where !path.hasPrefix("/etc/camstream/") {
            #expect(!FileManager.default.fileExists(atPath: root.url.path + path), "\(path) was left behind")
        }
        #expect(FileManager.default.fileExists(atPath: root.url.path + "/etc/camstream/camstream.yml"))
        let purged = try await Subprocess.run(Self.uninstall, ["--destdir", root.url.path, "--purge"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.url.path + "/etc/camstream"))
        #expect(try !String(contentsOfFile: root.url.path + "/etc/passwd", encoding: .utf8).contains("camstream:"))
    }

    @Test func theScriptsPassShellcheck() async throws {
        let result = try await Subprocess.run("shellcheck", [Self.install, Self.uninstall])
        #expect(result.status == 0, "\(result.stdoutText)")
    }

    static func password(in config: String) -> String? {
        guard let range = config.range(of: "\n  - name: viewer\n    password: \"") else { return nil }
        return String(config[range.upperBound...].prefix { $0 != "\"" })
    }
}
