import TestPattern
import Testing
import Timecode

@Suite struct TimecodeStripTests {
    /// Times at both ends of the 22-bit range and in between; larger ones are taken modulo 2^22.
    static let times: [UInt64] = [0, 1, 33, 1_000, 2_097_151, 2_097_152, 4_194_303, 4_194_304, 1_765_000_123_456]

    @Test(arguments: times)
    func codewordsCarryTheMillisecondsModulo2To22(milliseconds: UInt64) {
        let word = TimecodeStrip.codeword(milliseconds: milliseconds)
        #expect(word >> 30 == 0b10, "start mark")
        #expect(TimecodeStrip.milliseconds(codeword: word) == UInt32(milliseconds % 4_194_304))
    }

    /// Exact layout for one value, block 0 first: 1 0, then 1000 in 22 bits, then its CRC-8 (poly 0x07, init
    /// 0xFF, worked out bit by bit apart from this code).
    @Test func layoutOfOneThousand() {
        let text = String(TimecodeStrip.codeword(milliseconds: 1000), radix: 2)
        #expect(text == "10" + "0000000000001111101000" + "11100010")
    }

    /// Any one block or any two blocks read wrong are refused, never taken for another time.
    @Test(arguments: [UInt64(0), 1_000, 4_194_303])
    func anyOneOrTwoWrongBlocksAreRefused(milliseconds: UInt64) {
        let word = TimecodeStrip.codeword(milliseconds: milliseconds)
        for first in 0..<32 {
            let once = word ^ 1 << UInt32(first)
            #expect(TimecodeStrip.milliseconds(codeword: once) == nil, "block \(31 - first)")
            for second in 0..<first {
                #expect(TimecodeStrip.milliseconds(codeword: once ^ 1 << UInt32(second)) == nil, "blocks \(31 - first), \(31 - second)")
            }
        }
    }

    @Test func flatPicturesCarryNoTime() {
        for level in [UInt8(0), 16, 128, 235, 255] {
            let plane = [UInt8](repeating: level, count: 320 * 48)
            #expect(plane.withUnsafeBytes { TimecodeStrip.read(luma: $0, stride: 320) } == nil, "luma \(level)")
        }
    }

    @Test(arguments: [(320, 240), (640, 480), (1280, 720), (1920, 1080), (256, 32)])
    func renderedFramesReadBackExactly(width: Int, height: Int) {
        let renderer = TestPatternRenderer(width: width, height: height)
        for (index, milliseconds) in Self.times.enumerated() {
            renderer.render(frameIndex: index)
            renderer.drawTimecode(milliseconds: milliseconds)
            #expect(Self.read(renderer) == UInt32(milliseconds % 4_194_304))
            // The strip's chroma is neutral: its blocks are pure white and black, not tinted by the bars.
            let u = renderer.planes.u.load(fromByteOffset: 15 * renderer.planes.strides.1 + 127, as: UInt8.self)
            #expect(u == 128)
        }
        // The bars alone carry no time.
        renderer.render(frameIndex: 0)
        #expect(Self.read(renderer) == nil)
    }

    /// A block that is neither white nor black (mid grey, as a frame half-way through a cross-fade) is a misread.
    @Test func anUnclearBlockIsRefused() {
        let renderer = TestPatternRenderer(width: 320, height: 240)
        renderer.render(frameIndex: 0)
        renderer.drawTimecode(milliseconds: 1000)
        var plane = [UInt8](UnsafeRawBufferPointer(start: renderer.planes.y, count: 320 * 240))
        #expect(plane.withUnsafeBytes { TimecodeStrip.read(luma: $0, stride: 320) } == 1000)
        for y in 16..<32 { for x in 48..<64 { plane[y * 320 + x] = 128 } }
        #expect(plane.withUnsafeBytes { TimecodeStrip.read(luma: $0, stride: 320) } == nil)
    }

    @Test func ageIsTheDifferenceModulo2To22() {
        #expect(TimecodeStrip.age(milliseconds: 1_000, now: 1_040) == 40)
        #expect(TimecodeStrip.age(milliseconds: 4_194_300, now: 4_194_304 * 7 + 10) == 14)
        #expect(TimecodeStrip.age(milliseconds: 1_050, now: 1_040) == -10)
    }

    static func read(_ renderer: TestPatternRenderer) -> UInt32? {
        TimecodeStrip.read(
            luma: UnsafeRawBufferPointer(start: renderer.planes.y, count: renderer.planes.strides.0 * renderer.height),
            stride: renderer.planes.strides.0)
    }
}
