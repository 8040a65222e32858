import H264
import Testing

/// A real peer's view of the same parameter sets: ffmpeg's RTP muxer printed this SDP for a 64x48
/// x264 baseline stream (see RTPTests/FFmpegInteropTests for the commands):
///
///     a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LACtkEewEQAAADABAAAAMDIPEiZIA=,aMuDyyA=;
///         profile-level-id=42C00A
@Suite struct FFmpegSDPTests {
    @Test func matchesFFmpegsFmtpForTheSameStream() throws {
        let sps: [UInt8] = [
            0x67, 0x42, 0xC0, 0x0A, 0xD9, 0x04, 0x7B, 0x01, 0x10, 0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00,
            0x03, 0x03, 0x20, 0xF1, 0x22, 0x64, 0x80,
        ]
        let parameterSets = ParameterSets(sps: sps, pps: [0x68, 0xCB, 0x83, 0xCB, 0x20])
        #expect(parameterSets.spropParameterSets == "Z0LACtkEewEQAAADABAAAAMDIPEiZIA=,aMuDyyA=")
        #expect(parameterSets.profileLevelID == "42C00A")
        let decoded = try SequenceParameterSet(nalUnit: sps)
        #expect(decoded.width == 64)
        #expect(decoded.height == 48)
    }
}
