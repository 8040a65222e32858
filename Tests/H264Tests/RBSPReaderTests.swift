import Testing

@testable import H264

@Suite struct RBSPReaderTests {
    @Test func readsExpGolombCodes() throws {
        // 1 | 010 | 011 | 00100 → ue 0, 1, 2, 3; then 00100 | 00101 | 00110 → se +2, −2, +3
        var reader = RBSPReader(payload: [0b1010_0110, 0b0100_0010, 0b0001_0100, 0b1100_0000], unitName: "test")
        #expect(try reader.unsigned("a") == 0)
        #expect(try reader.unsigned("b") == 1)
        #expect(try reader.unsigned("c") == 2)
        #expect(try reader.unsigned("d") == 3)
        #expect(try reader.signed("e", in: -10...10) == 2)
        #expect(try reader.signed("f", in: -10...10) == -2)
        #expect(try reader.signed("g", in: -10...10) == 3)
        #expect(reader.bitPosition == 27)
    }

    @Test func readsTheLargestExpGolombCode() throws {
        // 31 zeros, a one, 31 ones: 2^32 − 2.
        var reader = RBSPReader(payload: [0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE], unitName: "test")
        #expect(try reader.unsigned("big") == UInt32.max - 1)
    }

    @Test func truncationPointsAtTheStartOfTheField() throws {
        // ue(v) with 4 leading zeros, but the data ends after 3 more bits.
        var reader = RBSPReader(payload: [0b1000_0100], unitName: "test")
        #expect(try reader.flag("first"))
        #expect(throws: H264Error.truncated("test ends inside second at bit 1")) {
            try reader.unsigned("second")
        }
    }

    @Test func dropsEmulationPreventionBytes() throws {
        var reader = RBSPReader(payload: [0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x03], unitName: "test")
        #expect(try reader.bits(24, "first") == 0x00_0001)
        #expect(try reader.bits(24, "second") == 0x00_0003)
        #expect(throws: H264Error.truncated("test ends inside third at bit 48")) {
            try reader.flag("third")
        }
    }
}
