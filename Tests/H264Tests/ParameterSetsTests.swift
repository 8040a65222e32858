import H264
import NIOCore
import Testing

@Suite struct ParameterSetsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var vector: X264Vectors.Vector
        var profileLevelID: String
        var spropParameterSets: String
        var testDescription: String { vector.name }
    }

    /// Expected strings computed independently with Python's `base64` module on the same bytes.
    static let cases = [
        Case(
            vector: X264Vectors.baseline720p,
            profileLevelID: "42C01F",
            spropParameterSets: "Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMuDyyA="
        ),
        Case(
            vector: X264Vectors.high360p,
            profileLevelID: "64001E",
            spropParameterSets: "Z2QAHqzZQKAv+XARAAADAAEAAAMAPA8WLZY=,aOvjyyLA"
        ),
        Case(
            vector: X264Vectors.main1080p,
            profileLevelID: "4D4028",
            spropParameterSets: "Z01AKOygPAET8uAiAAADAAIAAAMAZB4wYyw=,aOvjyyA="
        ),
        Case(
            vector: X264Vectors.high444,
            profileLevelID: "F4000D",
            spropParameterSets: "Z/QADZGbKCo3x8+AiAAAAwAIAAADAZB4oUyw,aOvjxEwABEA="
        ),
    ]

    @Test(arguments: cases)
    func describesRealX264ParameterSetsForSDP(_ testCase: Case) {
        let parameterSets = ParameterSets(sps: testCase.vector.sps, pps: testCase.vector.pps)
        #expect(parameterSets.profileLevelID == testCase.profileLevelID)
        #expect(parameterSets.spropParameterSets == testCase.spropParameterSets)
    }

    @Test func profileLevelIDNeedsFourSPSBytes() {
        #expect(ParameterSets(sps: [0x67, 0x42, 0xC0], pps: [0x68]).profileLevelID == nil)
        #expect(ParameterSets(sps: [0x67, 0x42, 0xC0, 0x1F], pps: [0x68]).profileLevelID == "42C01F")
    }

    @Test func findsTheFirstSPSAndPPSAmongNALUnits() throws {
        let vector = X264Vectors.high360p
        let nalUnits = [
            ByteBuffer(),
            ByteBuffer(bytes: [0x09, 0xF0]),
            ByteBuffer(bytes: vector.sps),
            ByteBuffer(bytes: [0x06, 0x05, 0x80]),
            ByteBuffer(bytes: vector.pps),
            ByteBuffer(bytes: X264Vectors.main1080p.sps),
            ByteBuffer(bytes: X264Vectors.main1080p.pps),
            ByteBuffer(bytes: [0x65, 0x88]),
        ]
        let parameterSets = try #require(ParameterSets(nalUnits: nalUnits))
        #expect(parameterSets == ParameterSets(sps: vector.sps, pps: vector.pps))
    }

    @Test func isNilWhenEitherParameterSetIsMissing() {
        let sps = ByteBuffer(bytes: X264Vectors.baseline720p.sps)
        let pps = ByteBuffer(bytes: X264Vectors.baseline720p.pps)
        #expect(ParameterSets(nalUnits: [sps, ByteBuffer(bytes: [0x65])]) == nil)
        #expect(ParameterSets(nalUnits: [pps]) == nil)
        #expect(ParameterSets(nalUnits: []) == nil)
    }
}
