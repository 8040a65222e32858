import RTSP
import Testing

/// The server state table of RFC 2326 Appendix A, as camstream plays it.
@Suite struct RTSPSessionStateTests {
    @Test(
        arguments: [
            (RTSPSessionState.ready, RTSPMethod.setup, RTSPSessionState?.some(.ready)),
            (.ready, .play, .playing),
            (.ready, .pause, nil),
            (.ready, .record, nil),
            (.playing, .play, .playing),
            (.playing, .pause, .ready),
            (.playing, .setup, nil),
            (.playing, .getParameter, .playing),
            (.ready, .setParameter, .ready),
            (.playing, .options, .playing),
            (.ready, .teardown, nil),
            (.playing, RTSPMethod(rawValue: "FLY"), nil),
        ] as [(RTSPSessionState, RTSPMethod, RTSPSessionState?)])
    func transitions(from state: RTSPSessionState, method: RTSPMethod, to next: RTSPSessionState?) {
        #expect(state.next(after: method) == next)
    }
}

@Suite struct RequireHeaderTests {
    @Test func tagsFromEveryValueTrimmedAndInOrder() {
        let header = RequireHeader(values: [" implicit-play ,com.example.a", ",", "x"])
        #expect(header.optionTags == ["implicit-play", "com.example.a", "x"])
        #expect(header.unsupported(by: ["x"]) == ["implicit-play", "com.example.a"])
        #expect(RequireHeader(values: []).unsupported(by: []).isEmpty)
    }
}

@Suite struct AcceptHeaderTests {
    @Test(
        arguments: [
            (["application/sdp"], true), (["application/*"], true), (["*/*"], true), (["Application/SDP; level=2"], true),
            (["text/html", "application/sdp"], true), (["application/json"], false), (["application/sdp;q=0, */*"], false),
            (["*/*;q=0"], false), (["application/*;q=0, application/sdp"], true), (["garbage"], false), ([""], false),
        ] as [([String], Bool)])
    func sdpAcceptance(values: [String], accepted: Bool) {
        #expect(AcceptHeader(values: values).accepts(type: "application", subtype: "sdp") == accepted)
    }
}
