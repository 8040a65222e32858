import H264
import SeededRandom
import Testing

/// Garbage into the SPS parser must throw, never trap. Fixed seeds keep failures reproducible.
@Suite struct SequenceParameterSetFuzzTests {
    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        var decoded = 0
        for _ in 0..<5_000 {
            var nalUnit = [UInt8(0x67)]
            for _ in 0..<Int.random(in: 0...48, using: &generator) {
                nalUnit.append(UInt8.random(in: 0...0xFF, using: &generator))
            }
            if let sps = try? SequenceParameterSet(nalUnit: nalUnit) {
                decoded += 1
                #expect(sps.width > 0 && sps.height > 0)
            }
        }
        // Random bytes mostly hit some limit; enough get through to exercise the size arithmetic.
        #expect(decoded > 0)
    }

    @Test func mutatedRealSPSsNeverTrap() {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        var decoded = 0, refused = 0
        for _ in 0..<5_000 {
            var nalUnit = X264Vectors.all.randomElement(using: &generator)?.sps ?? []
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 1..<nalUnit.count, using: &generator)
                nalUnit[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            }
            nalUnit = Array(nalUnit.prefix(Int.random(in: 1...nalUnit.count, using: &generator)))
            if let sps = try? SequenceParameterSet(nalUnit: nalUnit) {
                decoded += 1
                #expect(sps.width > 0 && sps.height > 0)
            } else {
                refused += 1
            }
        }
        // Both sides taken, or the check above never ran (or the mutations never reached the parser's limits).
        #expect(decoded > 100 && refused > 100, "decoded \(decoded), refused \(refused)")
    }
}
