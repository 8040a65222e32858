import H264
import NIOCore
import Testing
import VideoPipeline
import X264Encoder

/// A camera's H.264, stood in for by x264's Annex-B output: what a V4L2 buffer of an H.264 camera holds.
@Suite struct H264PassthroughAssemblerTests {
    let width = 64, height = 48

    /// Encodes `count` frames (the first an IDR) and returns each as one Annex-B buffer.
    func cameraBuffers(_ count: Int, forceIDRAt: Set<Int> = [0]) throws -> [[UInt8]] {
        let encoder = try X264Encoder(settings: EncoderSettings(width: width, height: height, framesPerSecond: 30, bitrateKbps: 100))
        let plane = [UInt8](repeating: 128, count: width * height * 3 / 2)
        return try plane.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            let picture = RawPicture(
                layout: .i420, planes: [base, base + width * height, base + width * height * 5 / 4], strides: [width, width / 2, width / 2])
            return try (0..<count).map { index in
                let unit = try #require(try encoder.encode(picture, captureTime: UInt64(index), forceIDR: forceIDRAt.contains(index)))
                return unit.nalUnits.flatMap { [0, 0, 0, 1] + $0.readableBytesView }
            }
        }
    }

    func types(_ unit: AccessUnit) -> [NALUnitType] {
        unit.nalUnits.map { NALUnitHeader(byte: $0.getInteger(at: $0.readerIndex) ?? 0).type }
    }

    @Test func learnsParameterSetsFromTheCameraAndPassesFramesThrough() throws {
        let buffers = try cameraBuffers(3)
        var assembler = H264PassthroughAssembler()
        let units = buffers.enumerated().compactMap { index, buffer in
            buffer.withUnsafeBytes { assembler.accessUnit(from: $0, captureTime: UInt64(1000 + index)) }
        }
        #expect(units.count == 3)
        #expect(units[0].startsDecoding)
        #expect(units[0].captureTime == 1000)
        #expect(!units[1].isIDR)
        #expect(types(units[1]) == [.nonIDRSlice])
        let sets = try #require(assembler.parameterSets)
        #expect(sets.profileLevelID != nil)
    }

    @Test func anIDRWithoutParameterSetsGetsTheLastOnesInFront() throws {
        let buffers = try cameraBuffers(3, forceIDRAt: [0, 2])
        var assembler = H264PassthroughAssembler()
        _ = buffers[0].withUnsafeBytes { assembler.accessUnit(from: $0, captureTime: 0) }
        // The second IDR as a camera that sends SPS/PPS only once would: slices only.
        var stripped = ByteBufferAllocator().buffer(bytes: buffers[2])
        let sliceOnly = AnnexB.nalUnits(in: stripped).filter { NALUnitHeader(byte: $0.getInteger(at: $0.readerIndex)!).type == .idrSlice }
        stripped = ByteBuffer(bytes: sliceOnly.flatMap { [0, 0, 1] + $0.readableBytesView })
        let unit = try #require(stripped.withUnsafeReadableBytes { assembler.accessUnit(from: $0, captureTime: 2) })
        #expect(types(unit).prefix(3) == [.sps, .pps, .idrSlice])
        #expect(unit.startsDecoding)
    }

    @Test func aBufferWithoutNALUnitsIsNoAccessUnit() {
        var assembler = H264PassthroughAssembler()
        let empty: [UInt8] = [0, 0, 0, 0]
        #expect(empty.withUnsafeBytes { assembler.accessUnit(from: $0, captureTime: 0) } == nil)
        #expect(assembler.parameterSets == nil)
    }
}
