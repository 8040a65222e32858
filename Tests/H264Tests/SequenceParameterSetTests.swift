import H264
import Testing

@Suite struct SequenceParameterSetTests {
    @Test(arguments: X264Vectors.all)
    func decodesRealX264SPS(_ vector: X264Vectors.Vector) throws {
        let sps = try SequenceParameterSet(nalUnit: vector.sps)
        #expect(sps.profileIDC == vector.profileIDC)
        #expect(sps.constraintFlags == vector.constraintFlags)
        #expect(sps.levelIDC == vector.levelIDC)
        #expect(sps.width == vector.width)
        #expect(sps.height == vector.height)
    }

    /// Every prefix of a real SPS either stops inside a field (`.truncated`) or, once all fields up to
    /// cropping are present, decodes to the full size: truncation never yields a wrong size.
    @Test(arguments: X264Vectors.all)
    func prefixesThrowTruncatedOrDecodeFully(_ vector: X264Vectors.Vector) throws {
        let full = try SequenceParameterSet(nalUnit: vector.sps)
        var truncatedPrefixes = 0
        for length in 1..<vector.sps.count {
            do {
                let sps = try SequenceParameterSet(nalUnit: Array(vector.sps.prefix(length)))
                #expect(sps == full, "prefix of \(length) bytes")
            } catch .truncated {
                truncatedPrefixes += 1
            } catch {
                Issue.record("prefix of \(length) bytes threw \(error)")
            }
        }
        #expect(truncatedPrefixes >= 7)
    }

    @Test func namesTheFieldAndBitWhereDataEnds() {
        #expect(throws: H264Error.truncated("SPS is empty: no NAL unit header")) {
            try SequenceParameterSet(nalUnit: [])
        }
        #expect(throws: H264Error.truncated("SPS ends inside profile_idc at bit 0")) {
            try SequenceParameterSet(nalUnit: [0x67])
        }
        #expect(throws: H264Error.truncated("SPS ends inside level_idc at bit 16")) {
            try SequenceParameterSet(nalUnit: [0x67, 0x42, 0xC0])
        }
        #expect(throws: H264Error.truncated("SPS ends inside seq_parameter_set_id at bit 24")) {
            try SequenceParameterSet(nalUnit: [0x67, 0x42, 0xC0, 0x1F])
        }
    }

    @Test func rejectsOtherNALUnitTypes() {
        #expect(throws: H264Error.invalid("NAL unit header byte 0 has PPS (8), not SPS (7)")) {
            try SequenceParameterSet(nalUnit: X264Vectors.baseline720p.pps)
        }
    }
}
