import Testing

@testable import StreamerConfig

/// What the config's own YAML composer adds over libyaml's events: aliases resolved (and bounded), one
/// document per file, empty documents as defaults, duplicate keys under their key path, every line ending.
@Suite struct YAMLComposerTests {
    static func errors(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.decode(text: yaml, path: "bad.yml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func anAliasStandsForItsAnchoredNode() throws {
        let yaml = "streams:\n  front: &common\n    fps: 25\n    width: 640\n    height: 480\n  back: *common\n"
        let config = try ConfigLoader.decode(text: yaml, path: "ok.yml").config
        #expect(config.streams.map(\.path) == ["front", "back"])
        #expect(config.streams.map(\.fps) == [25, 25])
        #expect(config.streams.map(\.width) == [640, 640])
    }

    @Test func aMergeKeySharesSettingsAndTheMappingsOwnKeysWin() throws {
        let yaml = """
            streams:
              front: &common
                fps: 25
                width: 640
                height: 480
              back:
                <<: *common
                fps: 10
              side:
                <<: [{width: 320, height: 240}, *common]

            """
        let config = try ConfigLoader.decode(text: yaml, path: "ok.yml").config
        #expect(config.streams.map(\.path) == ["front", "back", "side"])
        #expect(config.streams.map(\.fps) == [25, 10, 25])
        #expect(config.streams.map(\.width) == [640, 640, 320])
        #expect(config.streams.map(\.height) == [480, 480, 240])
    }

    @Test func aMergedValueIsReportedWhereItWasWritten() {
        let yaml = "streams:\n  front: &common\n    fps: 500\n  back:\n    <<: *common\n"
        #expect(
            Self.errors(yaml) == [
                "bad.yml:3:10: error: streams.front.fps: expected frames per second from 1 to 240, got 500",
                "bad.yml:3:10: error: streams.back.fps: expected frames per second from 1 to 240, got 500",
            ])
    }

    @Test func aMergeKeyNamesMappingsOnly() {
        #expect(
            Self.errors("server:\n  <<: 5\n") == [
                "bad.yml:2:7: error: server.<<: '<<' merges a mapping or a list of mappings into this one, got '5'"
            ])
        #expect(
            Self.errors("server:\n  <<: [{rtsp_port: 1}, [x]]\n") == [
                "bad.yml:2:24: error: server.<<: '<<' merges a mapping or a list of mappings into this one, got a list"
            ])
    }

    @Test func aQuotedMergeKeyIsAnOrdinaryKey() {
        #expect(Self.errors("server:\n  \"<<\": {rtsp_port: 1}\n").first?.contains("server.<<: unknown key") == true)
    }

    @Test func aStrTagMakesTextOfAPlainScalar() {
        #expect(
            Self.errors("server:\n  rtsp_port: !!str 8554\n") == [
                "bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got the quoted text \"8554\"; write numbers without quotes"
            ])
    }

    @Test func anAliasedScalarKeepsItsPlace() {
        // The value is reported where it was written, the anchor, not where the alias uses it.
        let yaml = "server:\n  rtsp_port: &port 70000\nstreams:\n  cam:\n    fps: *port\n"
        #expect(
            Self.errors(yaml) == [
                "bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got 70000",
                "bad.yml:2:14: error: streams.cam.fps: expected frames per second from 1 to 240, got 70000",
            ])
    }

    @Test func anUndefinedAliasIsAnError() {
        #expect(Self.errors("server:\n  rtsp_port: *port\n") == ["bad.yml:2:14: error: invalid YAML: found undefined alias '*port'"])
    }

    @Test func anAliasInsideItsOwnAnchorIsAnError() {
        #expect(Self.errors("server: &s\n  bind: *s\n") == ["bad.yml:2:9: error: invalid YAML: alias '*s' refers to a node that contains it"])
    }

    @Test func anAliasBombIsRefusedWithoutExpandingIt() {
        // Each line holds ten of the line above: 10, 111, 1111, … nodes; the fourth line crosses the limit.
        let yaml = """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]

            """
        #expect(
            Self.errors(yaml) == [
                "bad.yml:4:36: error: invalid YAML: more than 10000 nodes, counting each use of an alias; a camstream config needs far fewer"
            ])
    }

    @Test func deepNestingIsRefused() {
        let yaml = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.errors(yaml) == ["bad.yml:1:65: error: invalid YAML: nested more than 64 levels deep; a camstream config needs four"])
    }

    @Test func anAliasCannotNestDeeperThanTheLimit() {
        // Each alias of a nested node nests it again; unchecked, every line of a file could add 60 levels.
        let a = String(repeating: "[", count: 40) + "x" + String(repeating: "]", count: 40)
        let b = String(repeating: "[", count: 30) + "*a" + String(repeating: "]", count: 30)
        #expect(
            Self.errors("a: &a \(a)\nb: \(b)\n") == [
                "bad.yml:2:34: error: invalid YAML: nested more than 64 levels deep; a camstream config needs four"
            ])
    }

    @Test func aSecondDocumentIsAnError() {
        let yaml = "server:\n  rtsp_port: 8554\n---\nserver:\n  rtsp_port: 8555\n"
        #expect(Self.errors(yaml) == ["bad.yml:3:1: error: a second YAML document starts here; a camstream config file holds one document"])
    }

    @Test func oneExplicitDocumentIsFine() throws {
        let config = try ConfigLoader.decode(text: "---\nserver:\n  rtsp_port: 8555\n...\n", path: "ok.yml").config
        #expect(config.server.rtspPort == 8555)
    }

    @Test(arguments: ["", "# nothing yet\n", "---\n", "--- ~\n", "null\n", "\u{FEFF}\n"])
    func anEmptyDocumentMeansTheDefaults(_ yaml: String) throws {
        #expect(try ConfigLoader.decode(text: yaml, path: "ok.yml").config == .defaults)
    }

    @Test func duplicateKeysAreNamedByTheirKeyPathEverywhere() {
        let yaml = """
            rtsp: 1
            rtsp: 2
            users:
              - name: anna
                name: ben
            streams:
              cam:
                multicast: {group: 239.1.1.1, group: 239.1.1.2}

            """
        #expect(
            Self.errors(yaml) == [
                "bad.yml:2:1: error: rtsp: duplicate key (first at line 1); a key may appear once in a mapping",
                "bad.yml:5:5: error: users[0].name: duplicate key (first at line 4); a key may appear once in a mapping",
                "bad.yml:8:35: error: streams.cam.multicast.group: duplicate key (first at line 8); a key may appear once in a mapping",
            ])
    }

    @Test func aFileWithCRLFLineEndsHasTheSamePlaces() {
        let yaml = "server:\r\n  rtsp_port: 70000\r\nstreams:\r\n  cam:\r\n    fps: \"30\"\r\n"
        #expect(
            Self.errors(yaml) == [
                "bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got 70000",
                "bad.yml:5:10: error: streams.cam.fps: expected frames per second from 1 to 240, got the quoted text \"30\"; write numbers without quotes",
            ])
    }

    @Test func aControlCharacterIsNamedWithItsPlace() {
        #expect(Self.errors("server:\n  bind: a\u{1}b\n") == ["bad.yml:2:10: error: unreadable text: control characters are not allowed"])
    }

    @Test func aComplexKeyIsAnUnknownKey() {
        #expect(
            Self.errors("? [server]\n: 1\n") == [
                "bad.yml:1:3: error: […]: unknown key; expected one of server, streams, users, log, onvif"
            ])
    }
}
