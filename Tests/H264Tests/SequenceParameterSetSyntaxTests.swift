import H264
import Testing

/// Syntax paths of §7.3.2.1.1 beyond what the x264 vectors cover, on SPSs written field by field.
@Suite struct SequenceParameterSetSyntaxTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var sps: SPSBuilder
        var width: Int
        var height: Int
    }

    static let cases: [Case] = [
        Case(testDescription: "plain 4:2:0 frame", sps: SPSBuilder(), width: 320, height: 240),
        Case(
            testDescription: "4:2:0 cropping counts pairs of samples",
            sps: SPSBuilder(cropping: [1, 2, 3, 4]),
            width: 314, height: 226
        ),
        Case(
            testDescription: "field coding doubles map units and the vertical crop unit",
            sps: SPSBuilder(widthInMacroblocks: 45, heightInMapUnits: 18, frameMBsOnly: false, cropping: [0, 0, 0, 2]),
            width: 720, height: 568
        ),
        Case(
            testDescription: "pic_order_cnt_type 1 cycle is skipped",
            sps: SPSBuilder(picOrderCntType: 1, offsetForNonRefPic: -5, offsetsForRefFrame: [1, -1, 7]),
            width: 320, height: 240
        ),
        Case(
            testDescription: "monochrome crops single samples",
            sps: SPSBuilder(profileIDC: 100, chromaFormatIDC: 0, cropping: [1, 0, 1, 0]),
            width: 319, height: 239
        ),
        Case(
            testDescription: "4:2:2 crops pairs horizontally, single lines vertically",
            sps: SPSBuilder(profileIDC: 122, chromaFormatIDC: 2, cropping: [1, 0, 1, 0]),
            width: 318, height: 239
        ),
        Case(
            testDescription: "4:4:4 with separate colour planes crops single samples",
            sps: SPSBuilder(profileIDC: 244, chromaFormatIDC: 3, separateColourPlane: true, cropping: [0, 1, 0, 1]),
            width: 319, height: 239
        ),
        Case(
            testDescription: "scaling lists: full 4x4 list, default-flag 8x8 list",
            sps: SPSBuilder(
                profileIDC: 100,
                scalingLists: [Array(repeating: 1, count: 16), nil, nil, nil, nil, nil, [-8], nil]
            ),
            width: 320, height: 240
        ),
        Case(
            testDescription: "scaling lists: 12 lists for 4:4:4, a list ending in repeats",
            sps: SPSBuilder(
                profileIDC: 244,
                chromaFormatIDC: 3,
                scalingLists: [nil, [4, -12], nil, nil, nil, nil, nil, nil, nil, nil, nil, [-8]]
            ),
            width: 320, height: 240
        ),
    ]

    @Test(arguments: cases)
    func decodesSize(_ testCase: Case) throws {
        let sps = try SequenceParameterSet(nalUnit: testCase.sps.nalUnit)
        #expect(sps.width == testCase.width)
        #expect(sps.height == testCase.height)
        #expect(sps.profileIDC == testCase.sps.profileIDC)
        #expect(sps.levelIDC == testCase.sps.levelIDC)
    }

    @Test func removesEmulationPreventionBytesBeforeReadingFields() throws {
        // A 51-bit exp-Golomb code is mostly zero bits, so the writer must insert 00 00 03.
        let builder = SPSBuilder(picOrderCntType: 1, offsetForNonRefPic: 1 << 24)
        let nalUnit = builder.nalUnit
        let hasEmulationPrevention = nalUnit.indices.dropLast(2).contains {
            nalUnit[$0] == 0 && nalUnit[$0 + 1] == 0 && nalUnit[$0 + 2] == 3
        }
        try #require(hasEmulationPrevention)
        let sps = try SequenceParameterSet(nalUnit: nalUnit)
        #expect(sps.width == 320)
        #expect(sps.height == 240)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var nalUnit: [UInt8]
        var error: H264Error
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            testDescription: "chroma_format_idc above 3",
            nalUnit: SPSBuilder(profileIDC: 100, chromaFormatIDC: 4).nalUnit,
            error: .invalid("SPS chroma_format_idc 4 at bit 25 exceeds 3")
        ),
        ErrorCase(
            testDescription: "pic_order_cnt_type above 2",
            nalUnit: SPSBuilder(picOrderCntType: 3).nalUnit,
            error: .invalid("SPS pic_order_cnt_type 3 at bit 26 exceeds 2")
        ),
        ErrorCase(
            testDescription: "delta_scale outside a byte",
            nalUnit: SPSBuilder(profileIDC: 100, scalingLists: [[200]]).nalUnit,
            error: .invalid("SPS delta_scale[0] 200 at bit 33 is outside -128...127")
        ),
        ErrorCase(
            testDescription: "width beyond the largest level",
            nalUnit: SPSBuilder(widthInMacroblocks: 139_265).nalUnit,
            error: .invalid("SPS pic_width_in_mbs_minus1 139264 at bit 32 exceeds 139263")
        ),
        ErrorCase(
            testDescription: "cropping away the whole width",
            nalUnit: SPSBuilder(cropping: [100, 60, 0, 0]).nalUnit,
            error: .invalid("SPS frame cropping at bit 50 leaves 0x240 of a 320x240 frame")
        ),
        ErrorCase(
            testDescription: "exp-Golomb code of 32 leading zeros",
            nalUnit: [0x67, 0x42, 0xC0, 0x1F, 0x00, 0x00, 0x00, 0x00, 0x80],
            error: .invalid("SPS seq_parameter_set_id at bit 24 has an exp-Golomb code longer than 32 bits")
        ),
        ErrorCase(
            testDescription: "data ends inside the cropping offsets",
            nalUnit: Array(SPSBuilder(cropping: [0, 0, 0, 1 << 20]).nalUnit.dropLast(2)),
            error: .truncated("SPS ends inside frame_crop_bottom_offset at bit 54")
        ),
    ]

    @Test(arguments: errorCases)
    func rejectsWithFieldAndBit(_ testCase: ErrorCase) {
        #expect(throws: testCase.error) {
            try SequenceParameterSet(nalUnit: testCase.nalUnit)
        }
    }
}
