import H264
import NIOCore
import SeededRandom
import Testing

@Suite struct AnnexBTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var stream: [UInt8]
        var nalUnits: [[UInt8]]
    }

    static let cases: [Case] = [
        Case(
            testDescription: "4- and 3-byte start codes",
            stream: [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88, 0x84],
            nalUnits: [[0x67, 0x42], [0x68, 0xCE], [0x65, 0x88, 0x84]]
        ),
        Case(
            testDescription: "trailing zeros belong to the next start code and the stream end",
            stream: [0, 0, 1, 0x09, 0xF0, 0, 0, 0, 0, 0, 1, 0x67, 0x01, 0, 0],
            nalUnits: [[0x09, 0xF0], [0x67, 0x01]]
        ),
        Case(
            testDescription: "data before the first start code is ignored",
            stream: [0xFF, 0x12, 0x00, 0x01, 0, 0, 1, 0x06, 0x05],
            nalUnits: [[0x06, 0x05]]
        ),
        Case(
            testDescription: "zero bytes inside a NAL unit that are no start code stay",
            stream: [0, 0, 1, 0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x80],
            nalUnits: [[0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x80]]
        ),
        Case(testDescription: "empty stream", stream: [], nalUnits: []),
        Case(testDescription: "no start code", stream: [0x67, 0x42, 0x00, 0x00], nalUnits: []),
        Case(testDescription: "empty NAL units are dropped", stream: [0, 0, 1, 0, 0, 0, 1, 0, 0, 1], nalUnits: []),
        Case(testDescription: "start code at the very end", stream: [0, 0, 1, 0x41, 0, 0, 1], nalUnits: [[0x41]]),
    ]

    @Test(arguments: cases)
    func splitsIntoNALUnits(_ testCase: Case) {
        let nalUnits = AnnexB.nalUnits(in: ByteBuffer(bytes: testCase.stream))
        #expect(nalUnits.map { Array($0.readableBytesView) } == testCase.nalUnits)
    }

    @Test func splitsRealX264HeaderIntoParameterSets() {
        let vector = X264Vectors.baseline720p
        let stream = [0, 0, 0, 1] + vector.sps + [0, 0, 0, 1] + vector.pps + [0, 0, 1, 0x65, 0x88, 0x80]
        let nalUnits = AnnexB.nalUnits(in: ByteBuffer(bytes: stream))
        #expect(nalUnits.map { Array($0.readableBytesView) } == [vector.sps, vector.pps, [0x65, 0x88, 0x80]])
    }

    @Test func honoursTheReaderIndexOfTheStream() {
        var stream = ByteBuffer(bytes: [0, 0, 1, 0x41, 0x99, 0, 0, 1, 0x65, 0x11])
        stream.moveReaderIndex(forwardBy: 5)
        let nalUnits = AnnexB.nalUnits(in: stream)
        #expect(nalUnits.map { Array($0.readableBytesView) } == [[0x65, 0x11]])
    }

    @Test func returnsSlicesSharingTheStreamStorage() throws {
        let stream = ByteBuffer(bytes: [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE])
        let nalUnits = AnnexB.nalUnits(in: stream)
        try #require(nalUnits.count == 2)
        let streamBase = stream.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let secondBase = nalUnits[1].withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(secondBase == streamBase + 9)
    }

    @Test func randomStreamsRoundTripThroughStartCodes() {
        var generator = SeededGenerator(seed: 0xA11E_B)
        for _ in 0..<500 {
            // NAL units that start with a non-zero header and end with a non-zero byte (rbsp_stop_one_bit),
            // with no start-code pattern inside: what an encoder produces.
            let nalUnits: [[UInt8]] = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                var nalUnit = [UInt8.random(in: 1...0xFF, using: &generator)]
                for _ in 0..<Int.random(in: 0...40, using: &generator) {
                    nalUnit.append(UInt8.random(in: 2...0xFF, using: &generator))
                }
                return nalUnit
            }
            var stream: [UInt8] = []
            for nalUnit in nalUnits {
                stream += Bool.random(using: &generator) ? [0, 0, 0, 1] : [0, 0, 1]
                stream += nalUnit
            }
            #expect(AnnexB.nalUnits(in: ByteBuffer(bytes: stream)).map { Array($0.readableBytesView) } == nalUnits)
        }
    }
}
