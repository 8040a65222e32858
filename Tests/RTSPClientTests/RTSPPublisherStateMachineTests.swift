import NIOCore
import RTSP
import RTSPClient
import Testing

/// A whole push, byte for byte: what camstream writes and what it makes of the relay's answers.
/// Digest responses were computed independently with Python's hashlib.
@Suite struct RTSPPublisherStateMachineTests {
    @Test func digestHandshakeOverTCPThenKeepAlivesAndTeardown() throws {
        var client = try machine("rtsp://cam:secret@relay.example:8554/garden")
        #expect(
            written(client.connected())
                == wire("OPTIONS rtsp://relay.example:8554/garden RTSP/1.0", "CSeq: 1", "User-Agent: camstream"))
        let challenge = try response(
            wire("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Digest realm=\"relay\", nonce=\"abc123\", qop=\"auth\""))
        #expect(
            written(client.received(challenge))
                == wire(
                    "OPTIONS rtsp://relay.example:8554/garden RTSP/1.0", "CSeq: 2", "User-Agent: camstream",
                    "Authorization: Digest username=\"cam\", realm=\"relay\", nonce=\"abc123\", uri=\"rtsp://relay.example:8554/garden\", response=\"d0db3aed62b340c6165ab8be97bef64d\", qop=auth, nc=00000001, cnonce=\"0a4f113b\""
                ))
        #expect(
            written(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 2", "Public: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN"))))
                == wire(
                    "ANNOUNCE rtsp://relay.example:8554/garden RTSP/1.0", "CSeq: 3", "User-Agent: camstream",
                    "Authorization: Digest username=\"cam\", realm=\"relay\", nonce=\"abc123\", uri=\"rtsp://relay.example:8554/garden\", response=\"a85fe11c6bb75291286ecc23e4c42865\", qop=auth, nc=00000002, cnonce=\"0a4f113b\"",
                    "Content-Type: application/sdp", "Content-Length: \(sdp.utf8.count)") + sdp)
        #expect(
            written(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 3"))))
                == wire(
                    "SETUP rtsp://relay.example:8554/garden/trackID=0 RTSP/1.0", "CSeq: 4", "User-Agent: camstream",
                    "Authorization: Digest username=\"cam\", realm=\"relay\", nonce=\"abc123\", uri=\"rtsp://relay.example:8554/garden/trackID=0\", response=\"644ed597801b2ba4bddfd5bcd09c2130\", qop=auth, nc=00000003, cnonce=\"0a4f113b\"",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"))
        let setUp = try response(
            wire("RTSP/1.0 200 OK", "CSeq: 4", "Session: 12345678;timeout=30", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")
        )
        #expect(
            written(client.received(setUp))
                == wire(
                    "RECORD rtsp://relay.example:8554/garden RTSP/1.0", "CSeq: 5", "User-Agent: camstream",
                    "Authorization: Digest username=\"cam\", realm=\"relay\", nonce=\"abc123\", uri=\"rtsp://relay.example:8554/garden\", response=\"4be47b3ae548fa8a92a7e1425a4643b1\", qop=auth, nc=00000004, cnonce=\"0a4f113b\"",
                    "Session: 12345678", "Range: npt=0.000-"))
        guard case .publish(let publishing) = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 5", "Session: 12345678"))) else {
            Issue.record("RECORD's answer did not start publishing")
            return
        }
        #expect(publishing.session == "12345678")
        #expect(publishing.keepAliveSeconds == 15)
        #expect(publishing.transport.interleaved == 0...1)
        #expect(client.isPublishing)

        #expect(
            written(client.keepAliveDue())
                == wire(
                    "OPTIONS rtsp://relay.example:8554/garden RTSP/1.0", "CSeq: 6", "User-Agent: camstream",
                    "Authorization: Digest username=\"cam\", realm=\"relay\", nonce=\"abc123\", uri=\"rtsp://relay.example:8554/garden\", response=\"2d02f02b41afaac79238d30477218b95\", qop=auth, nc=00000005, cnonce=\"0a4f113b\"",
                    "Session: 12345678"))
        #expect(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 6"))) == .none)
        #expect(written(client.stop()).hasPrefix("TEARDOWN rtsp://relay.example:8554/garden RTSP/1.0\r\nCSeq: 7\r\n"))
        #expect(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 7"))) == .close)
    }

    @Test func keepAliveUnansweredForAWholeIntervalFails() throws {
        var client = try publishingWithoutAuthentication()
        #expect(
            written(client.keepAliveDue())
                == wire("OPTIONS rtsp://127.0.0.1:8554/x RTSP/1.0", "CSeq: 5", "User-Agent: camstream", "Session: s1"))
        #expect(client.keepAliveDue() == .fail(.relayStoppedAnswering))
        #expect(!client.isPublishing)
    }

    @Test func wrongCredentialsFailAfterOneAnswerToTheChallenge() throws {
        var client = try machine("rtsp://cam:wrong@relay.example/garden")
        _ = client.connected()
        let challenge = wire("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Digest realm=\"relay\", nonce=\"n1\"")
        guard case .send(let retry) = client.received(try response(challenge)) else {
            Issue.record("the challenge was not answered")
            return
        }
        #expect(retry.headers["Authorization"]?.hasPrefix("Digest username=\"cam\", realm=\"relay\", nonce=\"n1\"") == true)
        let refusal = wire("RTSP/1.0 401 Unauthorized", "CSeq: 2", "WWW-Authenticate: Digest realm=\"relay\", nonce=\"n2\"")
        #expect(client.received(try response(refusal)) == .fail(.unauthorized(user: "cam", realm: "relay")))
        // Nothing more goes out on this connection.
        #expect(client.keepAliveDue() == .none)
    }

    @Test func staleNonceIsAnsweredAgain() throws {
        var client = try machine("rtsp://cam:secret@relay.example/garden")
        _ = client.connected()
        _ = client.received(
            try response(wire("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\"")))
        let stale = wire("RTSP/1.0 401 Unauthorized", "CSeq: 2", "WWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", stale=TRUE")
        guard case .send(let again) = client.received(try response(stale)) else {
            Issue.record("a stale nonce was not answered again")
            return
        }
        #expect(again.headers["Authorization"]?.contains("nonce=\"n2\"") == true)
    }

    @Test func noCredentialsForAChallengeIsOneClearFailure() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        let challenge = wire("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Basic realm=\"mediamtx\"")
        #expect(client.received(try response(challenge)) == .fail(.credentialsRequired(realm: "mediamtx")))
    }

    /// SHA-256 is taken over MD5 when both are offered (RFC 7616 §3.7), and `algorithm=` is echoed.
    @Test func sha256IsPreferred() throws {
        var client = try machine("rtsp://cam:secret@relay.example:8554/garden")
        _ = client.connected()
        var challenge = RTSPResponse(status: .unauthorized, headers: ["CSeq": "1"])
        challenge.headers.add(name: "WWW-Authenticate", value: "Digest realm=\"relay\", nonce=\"n2\", algorithm=MD5")
        challenge.headers.add(name: "WWW-Authenticate", value: "Digest realm=\"relay\", nonce=\"n2\", algorithm=SHA-256")
        guard case .send(let retry) = client.received(challenge) else {
            Issue.record("the challenge was not answered")
            return
        }
        #expect(
            retry.headers["Authorization"]
                == "Digest username=\"cam\", realm=\"relay\", nonce=\"n2\", uri=\"rtsp://relay.example:8554/garden\", response=\"00b6f1c2846966ebda8b8c45d54f7009e59f53c293e650b14053e5ffd9f3df04\", algorithm=SHA-256"
        )
    }

    @Test func basicWhenThatIsAllTheRelayOffers() throws {
        var client = try machine("rtsp://cam:secret@relay.example/garden")
        _ = client.connected()
        let challenge = wire("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Basic realm=\"relay\"")
        guard case .send(let retry) = client.received(try response(challenge)) else {
            Issue.record("the challenge was not answered")
            return
        }
        #expect(retry.headers["Authorization"] == "Basic Y2FtOnNlY3JldA==")
    }

    @Test func redirectNamesTheNewURLWithTheSameCredentials() throws {
        var client = try machine("rtsp://cam:secret@relay.example/garden")
        _ = client.connected()
        let moved = wire("RTSP/1.0 302 Moved Temporarily", "CSeq: 1", "Location: rtsp://edge2.example:8555/garden")
        #expect(
            client.received(try response(moved))
                == .redirect(RTSPURL(host: "edge2.example", port: 8555, path: "/garden", user: "cam", password: "secret")))
    }

    @Test func redirectWithoutLocationFails() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        #expect(
            client.received(try response(wire("RTSP/1.0 301 Moved Permanently", "CSeq: 1")))
                == .fail(.malformedResponse(method: .options, reason: "301 Moved Permanently without a Location")))
    }

    @Test func refusalNamesMethodAndStatus() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 1")))
        #expect(
            client.received(try response(wire("RTSP/1.0 403 Forbidden", "CSeq: 2")))
                == .fail(.refused(method: .announce, status: .forbidden)))
    }

    @Test func udpAsksForClientPortsAndTakesTheServerPorts() throws {
        var client = try machine("rtsp://127.0.0.1:8554/x", transport: .udp(clientPorts: 50000...50001))
        _ = client.connected()
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 1")))
        #expect(
            written(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 2"))))
                == wire(
                    "SETUP rtsp://127.0.0.1:8554/x/trackID=0 RTSP/1.0", "CSeq: 3", "User-Agent: camstream",
                    "Transport: RTP/AVP;unicast;client_port=50000-50001;mode=record"))
        _ = client.received(
            try response(
                wire(
                    "RTSP/1.0 200 OK", "CSeq: 3", "Session: abc", "Transport: RTP/AVP;unicast;client_port=50000-50001;server_port=9000-9001"
                )))
        guard case .publish(let publishing) = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 4"))) else {
            Issue.record("RECORD's answer did not start publishing")
            return
        }
        #expect(publishing.transport.serverPort == 9000...9001)
        #expect(publishing.keepAliveSeconds == 30)
    }

    @Test func setupWithoutSessionFails() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 1")))
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 2")))
        #expect(
            client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 3", "Transport: RTP/AVP/TCP;interleaved=0-1")))
                == .fail(.malformedResponse(method: .setup, reason: "no valid Session header")))
    }

    @Test func udpAnswerToATCPSetupIsRefused() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 1")))
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 2")))
        #expect(
            client.received(
                try response(wire("RTSP/1.0 200 OK", "CSeq: 3", "Session: a", "Transport: RTP/AVP;unicast;server_port=9000-9001")))
                == .fail(.transportRefused("RTP/AVP;unicast;server_port=9000-9001")))
    }

    @Test func requestsFromTheRelayAreAnswered() throws {
        let client = try machine("rtsp://relay.example/garden")
        let options = RTSPRequest(method: .options, uri: "*", headers: ["CSeq": "9"])
        #expect(written(client.received(options)) == wire("RTSP/1.0 200 OK", "CSeq: 9", "User-Agent: camstream"))
        let announce = RTSPRequest(method: .announce, uri: "rtsp://x/y", headers: ["CSeq": "10"])
        #expect(written(client.received(announce)) == wire("RTSP/1.0 501 Not Implemented", "CSeq: 10", "User-Agent: camstream"))
    }

    @Test func answersToNothingAreIgnoredAndAMissingCSeqFails() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        #expect(client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 77"))) == .none)
        #expect(client.received(try response(wire("RTSP/1.0 200 OK"))) == .fail(.malformedResponse(method: .options, reason: "no CSeq")))
    }

    @Test func stopBeforeASessionJustCloses() throws {
        var client = try machine("rtsp://relay.example/garden")
        _ = client.connected()
        #expect(client.stop() == .close)
    }

    private func publishingWithoutAuthentication() throws -> RTSPPublisherStateMachine {
        var client = try machine("rtsp://127.0.0.1:8554/x")
        _ = client.connected()
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 1")))
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 2")))
        _ = client.received(
            try response(wire("RTSP/1.0 200 OK", "CSeq: 3", "Session: s1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1")))
        _ = client.received(try response(wire("RTSP/1.0 200 OK", "CSeq: 4")))
        #expect(client.isPublishing)
        return client
    }
}
