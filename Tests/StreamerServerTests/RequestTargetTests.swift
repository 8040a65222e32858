import Testing

@testable import StreamerServer

@Suite struct RequestTargetTests {
    static let paths = ["cam", "garden/east"]

    /// Every spelling clients send, lenient in, one meaning out.
    @Test(arguments: [
        ("rtsp://127.0.0.1:8554/cam", "cam", nil),
        ("rtsp://127.0.0.1:8554/cam/", "cam", nil),
        ("rtsp://host/cam/trackID=0", "cam", "trackID=0"),
        ("rtsp://[::1]:8554/cam/trackID=0", "cam", "trackID=0"),
        ("/cam/trackID=0", "cam", "trackID=0"),
        ("rtsp://user@host:8554/cam?token=1", "cam", nil),
        ("rtsp://host/garden/east/trackID=0", "garden/east", "trackID=0"),
        ("rtsp://host//cam//", "cam", nil),
    ] as [(String, String, String?)])
    func resolves(uri: String, stream: String, track: String?) throws {
        let target = try #require(RequestTarget(uri: uri, knownPaths: Self.paths))
        #expect(target.streamPath == stream)
        #expect(target.track == track)
    }

    @Test(arguments: ["rtsp://host/camera", "rtsp://host/", "rtsp://host", "*", "rtsp://host/garden"])
    func unknownPathsResolveToNothing(uri: String) {
        #expect(RequestTarget(uri: uri, knownPaths: Self.paths) == nil)
    }

    @Test func onlyTheVideoTrackOrTheAggregateIsAddressable() throws {
        #expect(try #require(RequestTarget(uri: "rtsp://h/cam/trackID=0", knownPaths: Self.paths)).addressesVideoTrack)
        #expect(try #require(RequestTarget(uri: "rtsp://h/cam", knownPaths: Self.paths)).addressesVideoTrack)
        #expect(try #require(RequestTarget(uri: "rtsp://h/cam/trackID=1", knownPaths: Self.paths)).addressesVideoTrack == false)
    }
}
