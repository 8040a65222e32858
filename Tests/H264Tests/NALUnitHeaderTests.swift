import H264
import Testing

@Suite struct NALUnitHeaderTests {
    @Test func splitsTheHeaderByteIntoItsFields() {
        let sps = NALUnitHeader(byte: 0x67)
        #expect(sps.forbiddenZeroBit == false)
        #expect(sps.nalRefIDC == 3)
        #expect(sps.type == .sps)

        let slice = NALUnitHeader(byte: 0x41)
        #expect(slice.nalRefIDC == 2)
        #expect(slice.type == .nonIDRSlice)

        let damaged = NALUnitHeader(byte: 0xBC)
        #expect(damaged.forbiddenZeroBit)
        #expect(damaged.nalRefIDC == 1)
        #expect(damaged.type == .fuA)

        let disposable = NALUnitHeader(byte: 0x06)
        #expect(disposable.nalRefIDC == 0)
        #expect(disposable.type == .sei)
    }

    @Test func everyByteRoundTrips() {
        for byte in UInt8.min...UInt8.max {
            #expect(NALUnitHeader(byte: byte).byte == byte)
        }
    }

    @Test func outOfRangeFieldsAreMaskedWhenWritten() {
        var header = NALUnitHeader(byte: 0x00)
        header.nalRefIDC = 0xFF
        header.type = NALUnitType(rawValue: 0xE5)
        #expect(header.byte == 0x65)
    }

    @Test func namedTypesHaveTheirTable71Values() {
        let named: [(NALUnitType, UInt8)] = [
            (.nonIDRSlice, 1), (.idrSlice, 5), (.sei, 6), (.sps, 7), (.pps, 8),
            (.accessUnitDelimiter, 9), (.stapA, 24), (.fuA, 28),
        ]
        for (type, rawValue) in named {
            #expect(type.rawValue == rawValue)
        }
    }

    @Test func unknownTypesSurviveAndDescribeThemselves() {
        let reserved = NALUnitType(rawValue: 23)
        #expect(reserved.rawValue == 23)
        #expect(reserved.description == "type 23")
        #expect(NALUnitType.idrSlice.description == "IDR slice (5)")
        #expect(NALUnitType.fuA.description == "FU-A (28)")
    }
}
