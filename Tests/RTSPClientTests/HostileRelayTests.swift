import NIOCore
import RTSP
import RTSPClient
import SeededRandom
import Testing

/// Everything a relay sends is hostile: garbage challenges, locations and answers are refused or ignored,
/// never a trap, and never more than one answer to a challenge. Fixed seeds, so a failure reproduces.
@Suite struct HostileRelayTests {
    /// Bytes biased towards the characters these parsers care about.
    static func garbage(_ generator: inout SeededGenerator, length: Int) -> String {
        let alphabet = Array("Digest Basic realm=nonce\"\\,; \t=:/@[]%?#rtsp://qop=auth,stale=TRUE algorithm=SHA-256 0123456789abcdef\r\n\u{0}é".unicodeScalars)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length { scalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
        return String(scalars)
    }

    @Test func garbageChallengesAndURLsNeverTrap() {
        var generator = SeededGenerator(seed: 13)
        for round in 0..<20_000 {
            let text = Self.garbage(&generator, length: round % 120)
            for challenge in AuthenticationChallenge.parsingAll([text]) {
                #expect(!challenge.scheme.isEmpty)
            }
            if let url = try? RTSPURL(parsing: text) {
                #expect((1...65535).contains(url.port))
                #expect(!url.requestURI.contains("@"))
                if let password = url.password { #expect(!url.redacted.contains(":\(password)@")) }
            }
        }
    }

    /// A relay answering every request with garbage headers and statuses: the machine either moves on, fails
    /// with a reason, or waits; after a failure it sends nothing more, and no request is sent twice for one 401
    /// more than the rules allow.
    @Test func garbageAnswersEndInAFailureOrProgressNeverALoop() throws {
        var generator = SeededGenerator(seed: 2326)
        let statuses = [200, 200, 200, 401, 401, 302, 404, 454, 500]
        for _ in 0..<2_000 {
            var client = RTSPPublisherStateMachine(
                configuration: .init(
                    url: try RTSPURL(parsing: "rtsp://u:p@relay.example/x"), sessionDescription: "v=0\r\n", clientNonce: "c"))
            var action = client.connected()
            var sent = 0
            var previousMethod: RTSPMethod?
            var repeats = 0
            for _ in 0..<100 {
                guard case .send(let request) = action else { break }
                sent += 1
                repeats = request.method == previousMethod ? repeats + 1 : 0
                previousMethod = request.method
                // One answer to a challenge, and one more only for a stale nonce.
                #expect(repeats <= 2)
                var headers: RTSPHeaders = [:]
                if generator.next() % 8 != 0 { headers.add(name: "CSeq", value: request.headers["CSeq"] ?? "") }
                for name in ["WWW-Authenticate", "Session", "Transport", "Location"] where generator.next() % 2 == 0 {
                    headers.add(name: name, value: Self.garbage(&generator, length: Int(generator.next() % 60)))
                }
                let code = statuses[Int(generator.next() % UInt64(statuses.count))]
                action = client.received(RTSPResponse(status: RTSPStatus(code: code, reasonPhrase: "X"), headers: headers))
            }
            if case .fail = action {
                #expect(client.keepAliveDue() == .none)
                #expect(!client.isPublishing)
            }
            // OPTIONS, ANNOUNCE, SETUP, RECORD, each sent at most three times: then it publishes, fails or waits.
            #expect(sent <= 12)
        }
    }
}
