import NIOCore
import RTSP

/// PLAY, PAUSE, TEARDOWN (RFC 2326 §10.5–10.7).
extension RTSPConnectionHandler {
    /// PLAY is answered when the viewer's first packet is known: the keyframe requested for it. A PLAY after
    /// PAUSE is the same: fresh RTP-Info, a fresh IDR.
    func play(_ request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> Reply {
        let session = try session(for: request, from: requester)
        try checkTarget(of: request, controls: session)
        if session.state == .playing {
            var headers = sessionHeader(for: session)
            headers.add(name: "Range", value: "npt=0.000-")
            return .now(response(.ok, to: request, headers: headers))
        }
        session.state = try nextState(of: session, after: .play)
        logger.debug("PLAY waits for a keyframe", metadata: ["rtsp.session": "\(session.id)"])
        let future = session.stream.play(session.viewer).assumeIsolated().flatMapThrowing { [self] start in
            // Torn down (or timed out) while waiting for the keyframe.
            guard server.session(id: session.id) === session else { throw RequestRefusal(.sessionNotFound, "session ended before playing") }
            // The timeout runs from our answer: the client could say nothing while it waited for it.
            server.touch(session)
            let info = RTPInfoHeader(entries: [
                .init(url: session.trackURI, sequenceNumber: start.sequenceNumber, rtpTime: start.rtpTimestamp)
            ])
            var headers = sessionHeader(for: session)
            headers.add(name: "Range", value: "npt=0.000-")
            headers.add(name: "RTP-Info", value: info.rendered)
            logger.info(
                "viewer playing",
                metadata: [
                    "rtsp.session": "\(session.id)", "stream.path": "\(session.stream.path)",
                    "rtp.transport": "\(session.viewer.transport.description)",
                ])
            return response(.ok, to: request, headers: headers)
        }.flatMapErrorThrowing { (error: Error) throws -> RTSPResponse in
            if session.state == .playing { session.state = .ready }
            throw error
        }
        return .later(future.nonisolated())
    }

    /// PAUSE stops the media and keeps the session, its ports and its statistics.
    func pause(_ request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> RTSPResponse {
        let session = try session(for: request, from: requester)
        try checkTarget(of: request, controls: session)
        session.state = try nextState(of: session, after: .pause)
        session.stream.stopSending(to: session.viewer)
        logger.info("viewer paused", metadata: ["rtsp.session": "\(session.id)"])
        return response(.ok, to: request, headers: sessionHeader(for: session))
    }

    /// TEARDOWN ends the session and frees everything it held.
    func teardown(_ request: RTSPRequest, from requester: SessionOwner) throws(RequestRefusal) -> RTSPResponse {
        let session = try session(for: request, from: requester)
        try checkTarget(of: request, controls: session)
        server.end(session, reason: "teardown")
        interleavedSessions = interleavedSessions.filter { $0.value != session.id }
        return response(.ok, to: request)
    }
}
