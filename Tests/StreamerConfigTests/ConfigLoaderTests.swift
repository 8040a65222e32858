import Foundation
import Testing

@testable import StreamerConfig

/// The rules of `--config`: the default file may be missing (built-in defaults), a named one may not;
/// a file that cannot be read says why.
@Suite struct ConfigLoaderTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @Test func aMissingDefaultFileMeansBuiltInDefaults() throws {
        let loaded = try ConfigLoader.load(path: nil, defaultPath: path("absent.yml"), overrides: [])
        #expect(loaded.config == .defaults)
        #expect(loaded.file == nil)
    }

    @Test func theDefaultFileIsReadWhenPresent() throws {
        try "streams:\n  yard: {source: test}\n".write(toFile: path("default.yml"), atomically: true, encoding: .utf8)
        let loaded = try ConfigLoader.load(path: nil, defaultPath: path("default.yml"), overrides: [])
        #expect(loaded.config.streams.map(\.path) == ["yard"])
        #expect(loaded.file == path("default.yml"))
    }

    @Test func aMissingNamedFileIsAnError() {
        let missing = path("typo.yml")
        #expect {
            try ConfigLoader.load(path: missing, defaultPath: path("default.yml"), overrides: [])
        } throws: { error in
            (error as? ConfigErrors)?.description == "\(missing): error: no such file (named with --config)"
        }
    }

    @Test func aDirectoryIsNotAConfig() {
        #expect {
            try ConfigLoader.load(path: directory.path)
        } throws: { error in
            (error as? ConfigErrors)?.description == "\(directory.path): error: cannot read: it is a directory, not a file"
        }
    }

    /// The operating system's own reason reaches the message, here for a path through a file (ENOTDIR), which
    /// fails the same for root. The permission case needs another user: ConfigCommandTests runs the binary as
    /// `nobody` on a file only root may read.
    @Test func anUnopenableFileSaysWhy() throws {
        let file = path("plain.yml")
        try "log: {level: info}\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try ConfigLoader.load(path: file + "/camstream.yml")
        } throws: { error in
            (error as? ConfigErrors)?.description == "\(file)/camstream.yml: error: cannot read: Not a directory"
        }
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        let file = path("latin1.yml")
        try Data([0x6C, 0x6F, 0x67, 0x3A, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: file))
        #expect {
            try ConfigLoader.load(path: file)
        } throws: { error in
            (error as? ConfigErrors)?.description == "\(file): error: cannot read: not UTF-8 text"
        }
    }

    @Test func passwordsReadableByEveryoneAreWarnedAbout() throws {
        let file = path("users.yml")
        try "users:\n  - name: anna\n    password: secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let open = try ConfigLoader.load(path: file)
        #expect(
            open.warnings.map(\.description) == [
                "\(file): warning: users: every user of this machine can read these passwords (mode 644); chmod 640 the file and give it group camstream"
            ])
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        #expect(try ConfigLoader.load(path: file).warnings.isEmpty)
    }
}

@Suite struct NearestNameTests {
    @Test func typosFindTheirKey() {
        #expect(NearestName.suggestion(for: "rtsp_prot", among: ConfigDecoder.serverKeys) == "rtsp_port")
        #expect(NearestName.suggestion(for: "max_viewer", among: ConfigDecoder.serverKeys) == "max_viewers")
        #expect(NearestName.suggestion(for: "Width", among: ConfigDecoder.streamKeys) == "width")
        #expect(NearestName.suggestion(for: "bitrate", among: ConfigDecoder.streamKeys) == "bitrate_kbps")
        #expect(NearestName.suggestion(for: "resolution", among: ConfigDecoder.streamKeys) == nil)
    }

    @Test func distanceCountsASwapAsOneEdit() {
        #expect(NearestName.distance("port", "prot") == 1)
        #expect(NearestName.distance("", "abc") == 3)
        #expect(NearestName.distance("kitten", "sitting") == 3)
    }
}
