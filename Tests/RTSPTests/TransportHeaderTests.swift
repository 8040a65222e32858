import RTSP
import SeededRandom
import Testing

/// Lenient input, the value it means, and its canonical rendering (gortsplib `pkg/headers/transport_test.go`).
struct TransportCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    var specs: [TransportSpec]
    var canonical: String

    var testDescription: String { name }
}

let transportCases: [TransportCase] = [
    TransportCase(
        name: "udp unicast play request",
        input: #"RTP/AVP;unicast;client_port=3456-3457;mode="PLAY""#,
        specs: [TransportSpec(clientPort: 3456...3457, mode: "PLAY")],
        canonical: "RTP/AVP;unicast;client_port=3456-3457;mode=PLAY"
    ),
    TransportCase(
        name: "udp unicast play response, explicit /UDP",
        input: "RTP/AVP/UDP;unicast;client_port=3056-3057;server_port=5000-5001",
        specs: [TransportSpec(clientPort: 3056...3057, serverPort: 5000...5001)],
        canonical: "RTP/AVP;unicast;client_port=3056-3057;server_port=5000-5001"
    ),
    TransportCase(
        name: "server response with ssrc",
        input: "RTP/AVP;unicast;client_port=5000-5001;server_port=50000-50001;ssrc=1a2b3c4d",
        specs: [TransportSpec(clientPort: 5000...5001, serverPort: 50000...50001, ssrc: 0x1A2B_3C4D)],
        canonical: "RTP/AVP;unicast;client_port=5000-5001;server_port=50000-50001;ssrc=1A2B3C4D"
    ),
    TransportCase(
        name: "udp multicast (RFC 2326 §14.5)",
        input: "RTP/AVP;multicast;destination=225.219.201.15;port=7000-7001;ttl=127",
        specs: [TransportSpec(isMulticast: true, destination: "225.219.201.15", ttl: 127, port: 7000...7001)],
        canonical: "RTP/AVP;multicast;destination=225.219.201.15;ttl=127;port=7000-7001"
    ),
    TransportCase(
        name: "tcp without delivery",
        input: "RTP/AVP/TCP;interleaved=0-1",
        specs: [TransportSpec(lowerTransport: .tcp, interleaved: 0...1)],
        canonical: "RTP/AVP/TCP;unicast;interleaved=0-1"
    ),
    TransportCase(
        name: "single ports and ssrc, unsorted",
        input: "RTP/AVP/UDP;unicast;server_port=8052;client_port=14186;ssrc=0B6020AD;mode=PLAY",
        specs: [TransportSpec(clientPort: 14186...14187, serverPort: 8052...8053, ssrc: 0x0B60_20AD, mode: "PLAY")],
        canonical: "RTP/AVP;unicast;client_port=14186-14187;server_port=8052-8053;ssrc=0B6020AD;mode=PLAY"
    ),
    TransportCase(
        name: "protocol not first",
        input: #"client_port=3456-3457;RTP/AVP;mode="PLAY";unicast"#,
        specs: [TransportSpec(clientPort: 3456...3457, mode: "PLAY")],
        canonical: "RTP/AVP;unicast;client_port=3456-3457;mode=PLAY"
    ),
    TransportCase(
        name: "short ssrc padded with spaces (Hikvision)",
        input: "RTP/AVP/UDP;unicast;client_port=14186;server_port=8052;ssrc= 4317f;mode=play",
        specs: [TransportSpec(clientPort: 14186...14187, serverPort: 8052...8053, ssrc: 0x4317F, mode: "PLAY")],
        canonical: "RTP/AVP;unicast;client_port=14186-14187;server_port=8052-8053;ssrc=0004317F;mode=PLAY"
    ),
    TransportCase(
        name: "ssrc after many spaces (Dahua)",
        input: "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=     D93FF",
        specs: [TransportSpec(lowerTransport: .tcp, interleaved: 0...1, ssrc: 0xD93FF)],
        canonical: "RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000D93FF"
    ),
    TransportCase(
        name: "empty source is dropped",
        input: "RTP/AVP/UDP;unicast;source=;client_port=32560-32561;server_port=3046-3047;ssrc=45dcb578",
        specs: [TransportSpec(clientPort: 32560...32561, serverPort: 3046...3047, ssrc: 0x45DC_B578)],
        canonical: "RTP/AVP;unicast;client_port=32560-32561;server_port=3046-3047;ssrc=45DCB578"
    ),
    TransportCase(
        name: "source kept",
        input: "RTP/AVP/UDP;unicast;mode=receive;source=127.0.0.1;client_port=14186-14187;server_port=5000-5001",
        specs: [
            TransportSpec(
                source: "127.0.0.1",
                clientPort: 14186...14187,
                serverPort: 5000...5001,
                mode: "RECEIVE"
            )
        ],
        canonical: "RTP/AVP;unicast;source=127.0.0.1;client_port=14186-14187;server_port=5000-5001;mode=RECEIVE"
    ),
    TransportCase(
        name: "lower case everything (RFC 2326 §14.3)",
        input: "rtp/avp/udp;client_port=6970-6971;mode=play",
        specs: [TransportSpec(clientPort: 6970...6971, mode: "PLAY")],
        canonical: "RTP/AVP;unicast;client_port=6970-6971;mode=PLAY"
    ),
    TransportCase(
        name: "upper-case keys",
        input: "Client_Port=5000-5001;RTP/AVP;UNICAST;SSRC=DEADBEEF",
        specs: [TransportSpec(clientPort: 5000...5001, ssrc: 0xDEAD_BEEF)],
        canonical: "RTP/AVP;unicast;client_port=5000-5001;ssrc=DEADBEEF"
    ),
    TransportCase(
        name: "white space everywhere",
        input: "  RTP/AVP ; unicast ;client_port = 5000 - 5001 ;  ",
        specs: [TransportSpec(clientPort: 5000...5001)],
        canonical: "RTP/AVP;unicast;client_port=5000-5001"
    ),
    TransportCase(
        name: "single client port means the RTP/RTCP pair",
        input: "RTP/AVP;unicast;client_port=5000",
        specs: [TransportSpec(clientPort: 5000...5001)],
        canonical: "RTP/AVP;unicast;client_port=5000-5001"
    ),
    TransportCase(
        name: "single interleaved channel stays single",
        input: "RTP/AVP/TCP;unicast;interleaved=4",
        specs: [TransportSpec(lowerTransport: .tcp, interleaved: 4...4)],
        canonical: "RTP/AVP/TCP;unicast;interleaved=4"
    ),
    TransportCase(
        name: "unknown parameters are kept",
        input: "RTP/AVP;unicast;client_port=5000-5001;append;layers=2;rtcp-mux",
        specs: [TransportSpec(clientPort: 5000...5001, otherParameters: ["append", "layers=2", "rtcp-mux"])],
        canonical: "RTP/AVP;unicast;client_port=5000-5001;append;layers=2;rtcp-mux"
    ),
    TransportCase(
        name: "other profile",
        input: "RTP/SAVP/TCP;unicast;interleaved=2-3",
        specs: [TransportSpec(profile: "RTP/SAVP", lowerTransport: .tcp, interleaved: 2...3)],
        canonical: "RTP/SAVP/TCP;unicast;interleaved=2-3"
    ),
    TransportCase(
        name: "two offers, folded as in RFC 2326 §10.4",
        input: #"RTP/AVP;multicast;ttl=127;mode="PLAY", RTP/AVP;unicast;client_port=3456-3457;mode="PLAY""#,
        specs: [
            TransportSpec(isMulticast: true, ttl: 127, mode: "PLAY"),
            TransportSpec(clientPort: 3456...3457, mode: "PLAY"),
        ],
        canonical: "RTP/AVP;multicast;ttl=127;mode=PLAY,RTP/AVP;unicast;client_port=3456-3457;mode=PLAY"
    ),
    TransportCase(
        name: "tcp offer after udp (ffmpeg -rtsp_transport udp,tcp style), trailing comma",
        input: "RTP/AVP/UDP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=0-1,",
        specs: [
            TransportSpec(clientPort: 5000...5001),
            TransportSpec(lowerTransport: .tcp, interleaved: 0...1),
        ],
        canonical: "RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=0-1"
    ),
    TransportCase(
        name: "multicast record (RFC 2326 §14.6)",
        input: "RTP/AVP;multicast;destination=224.0.1.11; port=21010-21011;mode=record;ttl=127",
        specs: [
            TransportSpec(
                isMulticast: true,
                destination: "224.0.1.11",
                ttl: 127,
                port: 21010...21011,
                mode: "RECORD"
            )
        ],
        canonical: "RTP/AVP;multicast;destination=224.0.1.11;ttl=127;port=21010-21011;mode=RECORD"
    ),
    TransportCase(
        name: "quoted value with separators stays quoted",
        input: #"RTP/AVP;unicast;mode="PLAY,RECORD""#,
        specs: [TransportSpec(mode: "PLAY,RECORD")],
        canonical: #"RTP/AVP;unicast;mode="PLAY,RECORD""#
    ),
    TransportCase(
        name: "port range extremes",
        input: "RTP/AVP;unicast;client_port=0-65535;server_port=65534",
        specs: [TransportSpec(clientPort: 0...65535, serverPort: 65534...65535)],
        canonical: "RTP/AVP;unicast;client_port=0-65535;server_port=65534-65535"
    ),
]

let badTransports: [(String, Int)] = [
    ("", 400),
    (" , ", 400),
    ("aasd", 400),
    ("invalid;unicast;client_port=14186-14187", 400),
    ("RTP/AVP;unicast;client_port=70000", 400),
    ("RTP/AVP;unicast;client_port=5000-70000", 400),
    ("RTP/AVP;unicast;client_port=65535", 400),
    ("RTP/AVP;unicast;client_port=5001-5000", 400),
    ("RTP/AVP;unicast;client_port=-5000", 400),
    ("RTP/AVP;unicast;client_port=", 400),
    ("RTP/AVP;unicast;server_port=aa-14187", 400),
    ("RTP/AVP;unicast;port=aa-bb-cc", 400),
    ("RTP/AVP;unicast;port=14186-aa", 400),
    ("RTP/AVP/TCP;interleaved=a-b", 400),
    ("RTP/AVP/TCP;interleaved=0-256", 400),
    ("RTP/AVP/TCP;interleaved=3-2", 400),
    ("RTP/AVP;unicast;ttl=aa", 400),
    ("RTP/AVP;unicast;ttl=256", 400),
    ("RTP/AVP;unicast;ssrc=xyz", 400),
    ("RTP/AVP;unicast;ssrc=1449463210", 400),
    ("RTP/AVP;unicast;ssrc=", 400),
    ("RTP/AVP;unicast;mode=", 400),
    (#"RTP/AVP;unicast;key1="k"#, 400),
    (#"RTP/AVP;unicast;destination=a"b""#, 400),
    ("RTP/AVP;RTP/AVP/TCP", 400),
    ("RTP/AVP/TCP/X", 400),
    ("RTP//TCP", 400),
    ("RTP/AVP/SCTP;unicast", 461),
]

@Suite("TransportHeader")
struct TransportHeaderTests {
    @Test("lenient input parses to the expected specs", arguments: transportCases)
    func parse(_ testCase: TransportCase) throws {
        #expect(try TransportHeader(parsing: testCase.input).specs == testCase.specs)
    }

    @Test("specs render canonically, and the canonical form parses back", arguments: transportCases)
    func render(_ testCase: TransportCase) throws {
        let header = TransportHeader(specs: testCase.specs)
        #expect(header.rendered == testCase.canonical)
        #expect(try TransportHeader(parsing: header.rendered) == header)
    }

    @Test("a single spec parses and renders on its own")
    func singleSpec() throws {
        let spec = try TransportSpec(parsing: "RTP/AVP/TCP;unicast;interleaved=0-1")
        #expect(spec == TransportSpec(lowerTransport: .tcp, interleaved: 0...1))
        #expect(spec.rendered == "RTP/AVP/TCP;unicast;interleaved=0-1")
    }

    @Test("bad values throw with the status to answer", arguments: badTransports)
    func errors(input: String, code: Int) {
        let error = #expect(throws: RTSPParseError.self) { try TransportHeader(parsing: input) }
        #expect(error?.status.code == code, "\(input): \(error.map(String.init(describing:)) ?? "")")
    }

    @Test("fixed-seed garbage never traps, and whatever parses renders to a fixed point")
    func garbage() {
        var generator = SeededGenerator(seed: 1239)
        let pieces = [
            "RTP/AVP", "/TCP", "/UDP", "rtp/avp", ";", ",", "=", "-", "\"", " ", "unicast", "multicast", "client_port",
            "server_port", "port", "interleaved", "ttl", "ssrc", "mode", "destination", "source", "0", "1", "65535",
            "65536", "255", "256", "PLAY", "a", "F", "\t", "é",
        ]
        var parsed = 0
        for _ in 0..<5000 {
            let input = (0..<Int.random(in: 0...16, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            guard let header = try? TransportHeader(parsing: input) else { continue }
            parsed += 1
            #expect((try? TransportHeader(parsing: header.rendered)) == header, "\(input) → \(header.rendered)")
        }
        #expect(parsed > 100)
    }
}
