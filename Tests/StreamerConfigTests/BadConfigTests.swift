import Testing

@testable import StreamerConfig

/// Bad configs and the exact messages they produce (mediamtx's TestConfErrors idea): every message names the
/// file, line, column and key, and says what was expected; one run reports every error.
@Suite struct BadConfigTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var errors: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown key, with the nearest valid one",
            yaml: "server:\n  rtsp_prot: 8554\n",
            errors: ["bad.yml:2:3: error: server.rtsp_prot: unknown key; did you mean 'rtsp_port'?"]),
        Case(
            name: "unknown key, nothing close",
            yaml: "camera:\n  fps: 30\n",
            errors: ["bad.yml:1:1: error: camera: unknown key; expected one of server, streams, users, log, onvif"]),
        Case(
            name: "onvif.enabled not a boolean",
            yaml: "onvif:\n  enabled: yes\n",
            errors: ["bad.yml:2:12: error: onvif.enabled: expected true or false, got 'yes'"]),
        Case(
            name: "onvif name too long",
            yaml: "onvif:\n  name: \(String(repeating: "n", count: 65))\n",
            errors: [
                "bad.yml:2:9: error: onvif.name: expected text of 1 to 64 printable characters, got '\(String(repeating: "n", count: 65))'"
            ]),
        Case(
            name: "onvif unknown key",
            yaml: "onvif:\n  discovery: false\n",
            errors: ["bad.yml:2:3: error: onvif.discovery: unknown key; expected one of enabled, name, hardware, location"]),
        Case(
            name: "unknown key that is a prefix of a valid one",
            yaml: "streams:\n  cam:\n    bitrate: 3000\n",
            errors: ["bad.yml:3:5: error: streams.cam.bitrate: unknown key; did you mean 'bitrate_kbps'?"]),
        Case(
            name: "number in quotes",
            yaml: "server:\n  rtsp_port: \"8554\"\n",
            errors: [
                "bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got the quoted text \"8554\"; write numbers without quotes"
            ]),
        Case(
            name: "list where a number belongs",
            yaml: "server:\n  rtsp_port: [8554]\n",
            errors: ["bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got a list"]),
        Case(
            name: "port out of range",
            yaml: "server:\n  rtsp_port: 70000\n",
            errors: ["bad.yml:2:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got 70000"]),
        Case(
            name: "HTTP port out of range",
            yaml: "server:\n  http_port: -1\n",
            errors: ["bad.yml:2:14: error: server.http_port: expected a TCP port from 1 to 65535, or 0 to turn HTTP off, got -1"]),
        Case(
            name: "bind to a name instead of an address",
            yaml: "server:\n  bind: localhost\n",
            errors: [
                "bad.yml:2:9: error: server.bind: expected an IP address to listen on, such as :: (every address), 0.0.0.0 (every IPv4 address) or 192.168.1.20, got 'localhost'"
            ]),
        Case(
            name: "port range that is one port",
            yaml: "server:\n  rtp_port_range: 50000\n",
            errors: [
                "bad.yml:2:19: error: server.rtp_port_range: expected a UDP port range FIRST-LAST within 1024-65535 holding at least one even/odd pair, such as 50000-50999, got '50000'"
            ]),
        Case(
            name: "port range too small for max_viewers",
            yaml: "server:\n  rtp_port_range: 50000-50009\n",
            errors: [
                "bad.yml:2:19: error: server.rtp_port_range: 50000-50009 holds 5 RTP/RTCP port pairs, fewer than max_viewers (100): each UDP viewer takes a pair; widen the range to at least 200 ports or lower max_viewers"
            ]),
        Case(
            name: "max_viewers too many for the default range",
            yaml: "server:\n  max_viewers: 600\n",
            errors: [
                "bad.yml:2:16: error: server.max_viewers: 50000-50999 holds 500 RTP/RTCP port pairs, fewer than max_viewers (600): each UDP viewer takes a pair; widen the range to at least 1200 ports or lower max_viewers"
            ]),
        Case(
            name: "no connections allowed per address",
            yaml: "server:\n  max_connections_per_address: 0\n",
            errors: ["bad.yml:2:32: error: server.max_connections_per_address: expected a number of connections from 1 to 10000, got 0"]),
        Case(
            name: "no sessions allowed per address",
            yaml: "server:\n  max_sessions_per_address: 0\n",
            errors: ["bad.yml:2:29: error: server.max_sessions_per_address: expected a number of sessions from 1 to 10000, got 0"]),
        Case(
            name: "more sessions per address than there can be",
            yaml: "server:\n  max_sessions_per_address: 10001\n",
            errors: ["bad.yml:2:29: error: server.max_sessions_per_address: expected a number of sessions from 1 to 10000, got 10001"]),
        Case(
            name: "public address that is a URL",
            yaml: "server:\n  public_address: \"http://cam\"\n",
            errors: [
                "bad.yml:2:19: error: server.public_address: expected the IP address or DNS name viewers outside reach this camera at, such as 203.0.113.7 or cam.example.org, got 'http://cam'"
            ]),
        Case(
            name: "session timeout too short",
            yaml: "server:\n  session_timeout: 2\n",
            errors: ["bad.yml:2:20: error: server.session_timeout: expected seconds from 10 to 3600, got 2"]),
        Case(
            name: "the same path spelt twice",
            yaml: "streams:\n  cam:\n    fps: 25\n  /cam/:\n    fps: 30\n",
            errors: ["bad.yml:4:3: error: streams./cam/: duplicate stream path 'cam' (first at line 2); each path names one stream"]),
        Case(
            name: "the same path twice",
            yaml: "streams:\n  cam:\n    fps: 25\n  cam:\n    fps: 30\n",
            errors: ["bad.yml:4:3: error: streams.cam: duplicate stream path 'cam' (first at line 2); each path names one stream"]),
        Case(
            name: "the same key twice",
            yaml: "server:\n  rtsp_port: 8554\n  max_viewers: 10\n  rtsp_port: 8555\n",
            errors: ["bad.yml:4:3: error: server.rtsp_port: duplicate key (first at line 2); a key may appear once in a mapping"]),
        Case(
            name: "the same key twice, in a file saved with CR LF line ends",
            yaml: "server:\r\n  rtsp_port: 8554\r\n  max_viewers: 10\r\n  rtsp_port: 8555\r\n",
            errors: ["bad.yml:4:3: error: server.rtsp_port: duplicate key (first at line 2); a key may appear once in a mapping"]),
        Case(
            name: "the same key twice, in a file saved with CR line ends",
            yaml: "server:\r  rtsp_port: 8554\r  max_viewers: 10\r  rtsp_port: 8555\r",
            errors: ["bad.yml:4:3: error: server.rtsp_port: duplicate key (first at line 2); a key may appear once in a mapping"]),
        Case(
            // Found by FuzzConfig: libyaml counted the CRs as lines, the message lookup did not, and indexed past the end.
            name: "a duplicate below a run of bare CRs",
            yaml: "# camstream\r\r\r\r\r\r\r\r\rserver: \n  rtsp_port: 1\n  rtsp_port: 2\n",
            errors: ["bad.yml:12:3: error: server.rtsp_port: duplicate key (first at line 11); a key may appear once in a mapping"]),
        Case(
            name: "no streams at all",
            yaml: "streams: {}\n",
            errors: ["bad.yml:1:10: error: streams: at least one stream is needed, such as 'cam: {source: auto}'"]),
        Case(
            name: "path with a space",
            yaml: "streams:\n  front door:\n    source: test\n",
            errors: [
                "bad.yml:2:3: error: streams.front door: expected a stream path of letters, digits and . _ ~ - (segments separated by /), got 'front door'"
            ]),
        Case(
            name: "source that is not a device",
            yaml: "streams:\n  cam:\n    source: usb\n",
            errors: [
                "bad.yml:3:13: error: streams.cam.source: expected auto, test, or a V4L2 device such as /dev/video0 or /dev/v4l/by-id/usb-…-video-index0, got 'usb'"
            ]),
        Case(
            name: "odd width, fps too high, unknown preset",
            yaml: "streams:\n  cam:\n    width: 1281\n    fps: 500\n    preset: ultrafst\n",
            errors: [
                "bad.yml:3:12: error: streams.cam.width: expected an even width in pixels from 16 to 7680, got 1281 (4:2:0 video needs even sizes)",
                "bad.yml:4:10: error: streams.cam.fps: expected frames per second from 1 to 240, got 500",
                "bad.yml:5:13: error: streams.cam.preset: expected an x264 preset (ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow, placebo), got 'ultrafst'; did you mean 'ultrafast'?",
            ]),
        Case(
            name: "profile typo and format too long",
            yaml: "streams:\n  cam:\n    profile: hihg\n    format: MJPEG\n",
            errors: [
                "bad.yml:3:14: error: streams.cam.profile: expected baseline, main or high, got 'hihg'; did you mean 'high'?",
                "bad.yml:4:13: error: streams.cam.format: expected a V4L2 pixel format of 4 characters such as YUYV, MJPG, NV12 or H264 (or nothing to choose automatically), got 'MJPEG'",
            ]),
        Case(
            name: "controls: bad name and a list value",
            yaml: "streams:\n  cam:\n    controls:\n      Brightness: 128\n      zoom: [1, 2]\n",
            errors: [
                "bad.yml:4:7: error: streams.cam.controls.Brightness: expected a V4L2 control name in lower case as 'v4l2-ctl --list-ctrls' prints it, such as brightness or white_balance_automatic, got 'Brightness'",
                "bad.yml:5:13: error: streams.cam.controls.zoom: expected a number, true/false or text, got a list",
            ]),
        Case(
            name: "multicast: unicast address and odd port",
            yaml: "streams:\n  cam:\n    multicast:\n      group: 192.168.1.5\n      port: 5005\n",
            errors: [
                "bad.yml:4:14: error: streams.cam.multicast.group: expected a multicast group: IPv4 224.0.1.0 to 239.255.255.255 (239.x.x.x is for private use) or IPv6 ff00::/8, such as 239.255.0.1, got '192.168.1.5'",
                "bad.yml:5:13: error: streams.cam.multicast.port: expected an even UDP port from 1024 to 65534 (RTP; RTCP takes the next one), got 5005",
            ]),
        Case(
            name: "multicast: no group, and two streams on one group",
            yaml:
                "streams:\n  a:\n    multicast: {port: 5006}\n  b:\n    multicast: {group: 239.1.1.1}\n  c:\n    multicast: {group: 239.1.1.1}\n",
            errors: [
                "bad.yml:3:16: error: streams.a.multicast.group: missing; expected a multicast group: IPv4 224.0.1.0 to 239.255.255.255 (239.x.x.x is for private use) or IPv6 ff00::/8, such as 239.255.0.1",
                "bad.yml:7:5: error: streams.c.multicast: 239.1.1.1:5004 is already used by stream 'b' (line 5); each stream needs its own group or port",
            ]),
        Case(
            name: "push: bad scheme, no host, port out of range",
            yaml: """
                streams:
                  cam:
                    push:
                      - url: http://relay.example/x
                      - url: rtsp:///x
                      - url: rtsp://relay.example:70000/x

                """,
            errors: [
                "bad.yml:4:14: error: streams.cam.push[0].url: expected an RTSP URL such as rtsp://relay.example:8554/garden: scheme 'http' is not rtsp (expected rtsp://host[:port]/path)",
                "bad.yml:5:14: error: streams.cam.push[1].url: expected an RTSP URL such as rtsp://relay.example:8554/garden: no host (expected rtsp://host[:port]/path)",
                "bad.yml:6:14: error: streams.cam.push[2].url: expected an RTSP URL such as rtsp://relay.example:8554/garden: port '70000' is not a number from 1 to 65535",
            ]),
        Case(
            name: "push: duplicate target, password without user, misspelt transport and key",
            yaml: """
                streams:
                  cam:
                    push:
                      - rtsp://relay.example:8554/garden
                      - url: rtsp://u:p@RELAY.example:8554/garden
                      - url: rtsp://relay.example/a
                        password: x
                      - url: rtsp://relay.example/b
                        transport: tpc
                        pasword: y

                """,
            errors: [
                "bad.yml:5:9: error: streams.cam.push[1]: duplicate push target rtsp://RELAY.example:8554/garden (first at line 4); push each relay path once",
                "bad.yml:6:9: error: streams.cam.push[2]: has a password but no user; set user: or put the user in the URL",
                "bad.yml:9:20: error: streams.cam.push[3].transport: expected tcp or udp, got 'tpc'; did you mean 'tcp'?",
                "bad.yml:10:9: error: streams.cam.push[3].pasword: unknown key; did you mean 'password'?",
            ]),
        Case(
            name: "push: password and password_file, relative password_file",
            yaml: """
                streams:
                  cam:
                    push:
                      - url: rtsp://cam@relay.example/a
                        password: x
                        password_file: /etc/p
                      - url: rtsp://cam@relay.example/b
                        password_file: relative/path

                """,
            errors: [
                "bad.yml:6:9: error: streams.cam.push[0]: has both password and password_file; keep one",
                "bad.yml:8:24: error: streams.cam.push[1].password_file: expected the absolute path of a file holding the relay password, such as /etc/camstream/relay-password, got 'relative/path'",
            ]),
        Case(
            name: "users: both secrets, no name, unknown stream, duplicate",
            yaml: """
                users:
                  - name: anna
                    password: one
                    password_hash: two
                  - password: three
                  - name: ben
                    password: four
                    streams: [garage]
                  - name: ben
                    password: five

                """,
            errors: [
                "bad.yml:4:5: error: users[0]: has both password and password_hash; keep one",
                "bad.yml:5:5: error: users[1].name: missing; every user needs a name",
                "bad.yml:8:15: error: users[2].streams: no stream 'garage'; the streams are cam",
                "bad.yml:9:11: error: users[3].name: duplicate user 'ben' (first at line 6)",
            ]),
        Case(
            name: "users as a mapping",
            yaml: "users:\n  anna: secret\n",
            errors: ["bad.yml:2:3: error: users: expected a list of users, each with a name and a password or password_hash, got a mapping"]
        ),
        Case(
            name: "log level not known",
            yaml: "log:\n  level: verbose\n",
            errors: ["bad.yml:2:10: error: log.level: expected one of trace, debug, info, notice, warning, error, critical, got 'verbose'"]),
        Case(
            name: "a list instead of the sections",
            yaml: "- server\n",
            errors: ["bad.yml:1:1: error: expected a mapping with the sections server, streams, users, log and onvif, got a list"]),
        Case(
            name: "tab indentation",
            yaml: "server:\n\trtsp_port: 8554\n",
            errors: ["bad.yml:2:1: error: invalid YAML: found character that cannot start any token; YAML indents with spaces, never tabs"]),
        Case(
            name: "unclosed quote",
            yaml: "server:\n  bind: \"0.0.0.0\n",
            errors: ["bad.yml:3:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 2)"]),
        Case(
            name: "every error of every section at once, in file order",
            yaml: """
                log:
                  level: loud
                server:
                  rtsp_port: -1
                  max_viewer: 10
                streams:
                  cam:
                    height: 721
                    keyint: 0

                """,
            errors: [
                "bad.yml:2:10: error: log.level: expected one of trace, debug, info, notice, warning, error, critical, got 'loud'",
                "bad.yml:4:14: error: server.rtsp_port: expected a TCP port from 0 to 65535 (0 picks a free one), got -1",
                "bad.yml:5:3: error: server.max_viewer: unknown key; did you mean 'max_viewers'?",
                "bad.yml:8:13: error: streams.cam.height: expected an even height in pixels from 16 to 4320, got 721 (4:2:0 video needs even sizes)",
                "bad.yml:9:13: error: streams.cam.keyint: expected frames between keyframes from 1 to 100000 (or nothing for two seconds of frames), got 0",
            ]),
    ]

    @Test(arguments: cases)
    func badConfigGivesExactMessages(_ testCase: Case) {
        #expect(throws: ConfigErrors.self) { try ConfigLoader.decode(text: testCase.yaml, path: "bad.yml") }
        do {
            _ = try ConfigLoader.decode(text: testCase.yaml, path: "bad.yml")
        } catch {
            #expect(error.diagnostics.map(\.description) == testCase.errors)
            #expect(error.diagnostics.allSatisfy { $0.severity == .error })
        }
    }
}
