import ONVIF
import Testing

@Suite struct UsernameTokenVerifierTests {
    let token = UsernameToken(
        username: "admin", passwordDigest: "PABuypKAJP2JqomVMovBwEYaOSg=",
        nonce: [0xEA, 0x56, 0xAE, 0xB8, 0x5A, 0xEE, 0xE5, 0xCD, 0x32, 0xA0, 0xAC, 0xBD, 0x84, 0xF6, 0x2B, 0xDC],
        created: "2026-12-06T04:14:07Z")

    /// zeep's own digest (checked with Python's hashlib) verifies, once.
    @Test func acceptsZeepsDigestOnceThenRefusesTheReplay() {
        var verifier = UsernameTokenVerifier(passwords: ["admin": "secret"])
        #expect(verifier.verify(token, now: ZeepRequests.created + 2) == .success("admin"))
        #expect(verifier.verify(token, now: ZeepRequests.created + 3) == .failure(.notAuthorized("UsernameToken nonce was already used")))
    }

    @Test func refusesAWrongPasswordAndAnUnknownUserAlike() {
        var verifier = UsernameTokenVerifier(passwords: ["admin": "other"])
        #expect(verifier.verify(token, now: ZeepRequests.created) == .failure(.notAuthorized("wrong user name or password for 'admin'")))
        var stranger = token
        stranger.username = "nobody"
        #expect(
            verifier.verify(stranger, now: ZeepRequests.created) == .failure(.notAuthorized("wrong user name or password for 'nobody'")))
        #expect(verifier.rememberedNonces == 0)
    }

    @Test func refusesACreatedOutsideTheWindow() {
        var verifier = UsernameTokenVerifier(passwords: ["admin": "secret"])
        #expect(
            verifier.verify(token, now: ZeepRequests.created + 301)
                == .failure(.notAuthorized("UsernameToken Created 2026-12-06T04:14:07Z is 301 s from our clock, outside ±300 s")))
        #expect(verifier.verify(token, now: ZeepRequests.created - 301) != .success("admin"))
        #expect(verifier.verify(token, now: ZeepRequests.created + 300) == .success("admin"))
    }

    /// Memory is bounded by `capacity`; a nonce pushed out by a full table cannot be replayed, because its
    /// Created is now at or below the floor.
    @Test func aFullTableDropsTheOldestAndRefusesAnythingAsOld() {
        var verifier = UsernameTokenVerifier(passwords: ["u": "p"], capacity: 4)
        func token(_ index: UInt8, created: Int64) -> UsernameToken {
            let text = ISO8601Time.text(created)
            let digest = UsernameTokenVerifier.digest(nonce: [index], created: text, password: "p")
            return UsernameToken(username: "u", passwordDigest: base64(digest), nonce: [index], created: text)
        }
        let start = ZeepRequests.created
        for index in 0..<10 {
            #expect(verifier.verify(token(UInt8(index), created: start + Int64(index)), now: start + 10) == .success("u"))
        }
        #expect(verifier.rememberedNonces == 4)
        #expect(
            verifier.verify(token(0, created: start), now: start + 10) == .failure(.notAuthorized("UsernameToken nonce was already used")))
        #expect(verifier.verify(token(20, created: start + 5), now: start + 10) != .success("u"))
        #expect(verifier.verify(token(21, created: start + 7), now: start + 10) == .success("u"))
        // Once the window has passed, the old nonces are forgotten and the table is empty but for new ones.
        #expect(verifier.verify(token(22, created: start + 400), now: start + 400) == .success("u"))
        #expect(verifier.rememberedNonces == 1)
    }

    @Test func passwordTextIsRefused() throws {
        let text = ZeepRequests.getDeviceInformation.replacingFirst("#PasswordDigest", with: "#PasswordText")
        #expect(throws: SOAPFault.self) { try SOAPRequest(parsing: Array(text.utf8)) }
    }
}

/// Test-side base64 (RFC 4648 §4), to make tokens.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var text = ""
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(index + 3, bytes.count)]) + [0, 0]
        let value = Int(chunk[0]) << 16 | Int(chunk[1]) << 8 | Int(chunk[2])
        let count = min(bytes.count - index, 3)
        for position in 0..<4 { text.append(position <= count ? alphabet[value >> (18 - 6 * position) & 63] : "=") }
        index += 3
    }
    return text
}

@Suite struct ISO8601TimeTests {
    @Test func readsTheFormsClientsSend() {
        #expect(ISO8601Time.seconds("2026-12-06T04:14:07Z") == 1_796_530_447)
        #expect(ISO8601Time.seconds("2026-12-06T04:14:07.123Z") == 1_796_530_447)
        #expect(ISO8601Time.seconds("2026-12-06T05:14:07+01:00") == 1_796_530_447)
        #expect(ISO8601Time.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(ISO8601Time.seconds("2000-02-29T12:00:00Z") == 951_825_600)
        for bad in ["", "2026-12-06", "2026-13-06T04:14:07Z", "2026-12-06T04:14:07", "2026-12-06T04:14:07Zjunk", "2026-12-06T04:14:07.Z"] {
            #expect(ISO8601Time.seconds(bad) == nil, "\(bad)")
        }
    }

    @Test func writesWhatItReads() {
        for seconds: Int64 in [0, 951_825_600, 1_796_530_447, 4_102_444_799] {
            #expect(ISO8601Time.seconds(ISO8601Time.text(seconds)) == seconds)
        }
        #expect(ISO8601Time.text(1_796_530_447) == "2026-12-06T04:14:07Z")
    }
}
