import Testing

@testable import StreamerServer

/// The queue between the capture thread and the event loop: bounded, and when full it skips whole frames up to
/// the next IDR, asking the source for that IDR once per run of skips.
@Suite struct FrameHandOffTests {
    @Test func belowTheLimitEverythingIsHandedOff() {
        let handOff = FrameHandOff(limit: 2)
        #expect(handOff.admit(startsDecoding: true) == .handOff)
        #expect(handOff.admit(startsDecoding: false) == .handOff)
        handOff.taken()
        handOff.taken()
        #expect(handOff.admit(startsDecoding: false) == .handOff)
        #expect(handOff.admit(startsDecoding: false) == .handOff)
    }

    @Test func aFullQueueSkipsUntilAKeyframeFindsRoom() {
        let handOff = FrameHandOff(limit: 2)
        #expect(handOff.admit(startsDecoding: true) == .handOff)
        #expect(handOff.admit(startsDecoding: false) == .handOff)
        // Full: the first skip asks for a keyframe, later P-frames are skipped without asking again.
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: true, skippedSoFar: 1))
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: false, skippedSoFar: 2))
        // Room again, but a P-frame would reference what was skipped.
        handOff.taken()
        handOff.taken()
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: false, skippedSoFar: 3))
        #expect(handOff.admit(startsDecoding: true) == .resume(skipped: 3))
        #expect(handOff.admit(startsDecoding: false) == .handOff)
    }

    @Test func aKeyframeSkippedWhileFullIsAskedForAgainOnceThereIsRoom() {
        let handOff = FrameHandOff(limit: 1)
        #expect(handOff.admit(startsDecoding: false) == .handOff)
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: true, skippedSoFar: 1))
        #expect(handOff.admit(startsDecoding: true) == .skip(requestKeyframe: false, skippedSoFar: 2))
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: false, skippedSoFar: 3))
        handOff.taken()
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: true, skippedSoFar: 4))
        #expect(handOff.admit(startsDecoding: false) == .skip(requestKeyframe: false, skippedSoFar: 5))
        #expect(handOff.admit(startsDecoding: true) == .resume(skipped: 5))
    }
}
