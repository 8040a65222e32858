import SDP
import Testing

@Suite struct H264SessionDescriptionTests {
    /// SPS/PPS of a 1280×720 Constrained Baseline level 3.1 stream, as H264.ParameterSets renders them.
    static let profileLevelID = "42C01F"
    static let spropParameterSets = "Z0LAH9oBQBbsBEAAAAMAQAAADyPGDKg=,aM4PyA=="

    @Test func unicastDescription() {
        let description = H264SessionDescription(
            sessionID: 3_913_056_000,
            sessionVersion: 1,
            originAddress: "192.168.1.10",
            profileLevelID: Self.profileLevelID,
            spropParameterSets: Self.spropParameterSets,
            frameRate: 30
        )
        #expect(
            description.rendered == """
                v=0\r
                o=- 3913056000 1 IN IP4 192.168.1.10\r
                s=camstream\r
                c=IN IP4 0.0.0.0\r
                t=0 0\r
                a=tool:camstream\r
                a=range:npt=0-\r
                a=control:*\r
                m=video 0 RTP/AVP 96\r
                a=rtpmap:96 H264/90000\r
                a=fmtp:96 packetization-mode=1;profile-level-id=42C01F;\
                sprop-parameter-sets=Z0LAH9oBQBbsBEAAAAMAQAAADyPGDKg=,aM4PyA==\r
                a=control:trackID=0\r
                a=framerate:30\r

                """
        )
        #expect(Self.everyLineEndsInCRLF(description.rendered))
    }

    @Test func ipv6OriginWithoutParameterSets() {
        let description = H264SessionDescription(sessionID: 1, sessionVersion: 2, originAddress: "::1")
        #expect(
            description.rendered == """
                v=0\r
                o=- 1 2 IN IP6 ::1\r
                s=camstream\r
                c=IN IP4 0.0.0.0\r
                t=0 0\r
                a=tool:camstream\r
                a=range:npt=0-\r
                a=control:*\r
                m=video 0 RTP/AVP 96\r
                a=rtpmap:96 H264/90000\r
                a=fmtp:96 packetization-mode=1\r
                a=control:trackID=0\r

                """
        )
        #expect(Self.everyLineEndsInCRLF(description.rendered))
    }

    @Test func multicastWithTTL() {
        let description = H264SessionDescription(
            sessionID: 7,
            originAddress: "10.0.0.2",
            connectionAddress: "224.1.1.1",
            multicastTTL: 16,
            sessionName: "Front door",
            tool: "camstream 0.1",
            streamControl: "rtsp://10.0.0.2:8554/cam",
            trackControl: "rtsp://10.0.0.2:8554/cam/trackID=1",
            payloadType: 97,
            profileLevelID: Self.profileLevelID,
            spropParameterSets: Self.spropParameterSets,
            frameRate: 30_000.0 / 1_001.0
        )
        #expect(
            description.rendered == """
                v=0\r
                o=- 7 1 IN IP4 10.0.0.2\r
                s=Front door\r
                c=IN IP4 224.1.1.1/16\r
                t=0 0\r
                a=tool:camstream 0.1\r
                a=range:npt=0-\r
                a=control:rtsp://10.0.0.2:8554/cam\r
                m=video 0 RTP/AVP 97\r
                a=rtpmap:97 H264/90000\r
                a=fmtp:97 packetization-mode=1;profile-level-id=42C01F;\
                sprop-parameter-sets=Z0LAH9oBQBbsBEAAAAMAQAAADyPGDKg=,aM4PyA==\r
                a=control:rtsp://10.0.0.2:8554/cam/trackID=1\r
                a=framerate:29.97\r

                """
        )
        #expect(Self.everyLineEndsInCRLF(description.rendered))
    }

    @Test func ipv6MulticastHasNoTTL() {
        let description = H264SessionDescription(
            sessionID: 1,
            originAddress: "2001:db8::2",
            connectionAddress: "ff15::101",
            multicastTTL: 16
        )
        #expect(description.rendered.contains("\r\no=- 1 1 IN IP6 2001:db8::2\r\n"))
        #expect(description.rendered.contains("\r\nc=IN IP6 ff15::101\r\n"))
    }

    @Test(arguments: [
        (30.0, "30"), (25, "25"), (29.97, "29.97"), (12.5, "12.5"), (0.5, "0.5"), (59.94, "59.94"),
        (1.0 / 3.0, "0.333"), (7.0005, "7.001"),
    ])
    func frameRateIsWrittenWithoutNoise(rate: Double, text: String) {
        let description = H264SessionDescription(sessionID: 1, originAddress: "127.0.0.1", frameRate: rate)
        #expect(description.rendered.hasSuffix("a=control:trackID=0\r\na=framerate:\(text)\r\n"))
    }

    @Test(arguments: [0, -30, .nan, .infinity, 0.0001, 1e9])
    func meaninglessFrameRatesAreOmitted(rate: Double) {
        let description = H264SessionDescription(sessionID: 1, originAddress: "127.0.0.1", frameRate: rate)
        #expect(!description.rendered.contains("framerate"))
    }

    @Test func lineBreaksInValuesCannotInjectLines() {
        let description = H264SessionDescription(
            sessionID: 1,
            originAddress: "127.0.0.1\r\n",
            sessionName: "cam\r\nm=audio 0 RTP/AVP 0",
            trackControl: "track\n1",
            profileLevelID: "42\0C01F"
        )
        let rendered = description.rendered
        #expect(rendered.contains("\r\ns=camm=audio 0 RTP/AVP 0\r\n"))
        #expect(rendered.contains("\r\no=- 1 1 IN IP4 127.0.0.1\r\n"))
        #expect(rendered.contains("\r\na=control:track1\r\n"))
        #expect(rendered.contains(";profile-level-id=42C01F\r\n"))
        #expect(Self.everyLineEndsInCRLF(rendered))
        #expect(rendered.utf8.count { $0 == UInt8(ascii: "\n") } == 12)
    }

    @Test func emptySessionNameBecomesASpace() {
        let description = H264SessionDescription(sessionID: 1, originAddress: "127.0.0.1", sessionName: "")
        #expect(description.rendered.contains("\r\ns= \r\n"))
    }

    /// Every LF is preceded by CR, every CR followed by LF, and the text ends with CRLF.
    static func everyLineEndsInCRLF(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.suffix(2) == [0x0D, 0x0A] else { return false }
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return false }
            if byte == 0x0D, index + 1 == bytes.count || bytes[index + 1] != 0x0A { return false }
        }
        return true
    }
}
