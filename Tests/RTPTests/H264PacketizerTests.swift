import NIOCore
import RTP
import Testing

@Suite struct H264PacketizerTests {
    private let allocator = ByteBufferAllocator()

    @Test func defaultPayloadSizeFitsIPv6Ethernet() {
        #expect(H264Packetizer.defaultMaxPayloadSize == 1500 - 40 - 8 - 12)
        let packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0)
        #expect(packetizer.maxPayloadSize == 1440)
        #expect(packetizer.payloadType == 96)
    }

    /// RFC 6184 §5.6: a NAL unit that fits is the whole payload, header byte included.
    @Test func smallNALUnitIsOneSingleNALUnitPacket() {
        var packetizer = H264Packetizer(ssrc: 0x1122_3344, initialSequenceNumber: 1000)
        let packets = packetizer.packetize(
            [ByteBuffer(bytes: [0x65, 0x88, 0x84, 0x00, 0x21])],
            timestamp: 90_000,
            allocator: allocator
        )
        #expect(
            packets.map { Array($0.readableBytesView) } == [
                [
                    0x80, 0xE0, 0x03, 0xE8, 0x00, 0x01, 0x5F, 0x90, 0x11, 0x22, 0x33, 0x44,
                    0x65, 0x88, 0x84, 0x00, 0x21,
                ]
            ])
        #expect(packetizer.nextSequenceNumber == 1001)
    }

    /// RFC 6184 §5.8: 2999 bytes after the NAL header, 1438 per FU-A at most, so 3 fragments of
    /// 1000, 1000 and 999 bytes rather than 1438, 1438 and 123.
    @Test func largeNALUnitIsSplitIntoNearEqualFUAFragments() throws {
        let body = (0..<2999).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let nalUnit = [0x65] + body
        var packetizer = H264Packetizer(ssrc: 0xCAFE_F00D, initialSequenceNumber: 0x0102)
        let packets = packetizer.packetize([ByteBuffer(bytes: nalUnit)], timestamp: 0x0A0B_0C0D, allocator: allocator)
        try #require(packets.count == 3)

        let headers: [[UInt8]] = packets.map { Array($0.readableBytesView.prefix(14)) }
        #expect(
            headers == [
                [0x80, 0x60, 0x01, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0xCA, 0xFE, 0xF0, 0x0D, 0x7C, 0x85],
                [0x80, 0x60, 0x01, 0x03, 0x0A, 0x0B, 0x0C, 0x0D, 0xCA, 0xFE, 0xF0, 0x0D, 0x7C, 0x05],
                [0x80, 0xE0, 0x01, 0x04, 0x0A, 0x0B, 0x0C, 0x0D, 0xCA, 0xFE, 0xF0, 0x0D, 0x7C, 0x45],
            ])
        #expect(packets.map(\.readableBytes) == [12 + 2 + 1000, 12 + 2 + 1000, 12 + 2 + 999])
        let fragments = packets.flatMap { $0.readableBytesView.dropFirst(14) }
        #expect(fragments == body)
        #expect(packetizer.nextSequenceNumber == 0x0105)
    }

    @Test func fuIndicatorKeepsForbiddenBitAndNRI() throws {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0, maxPayloadSize: 4)
        let packets = packetizer.packetize([ByteBuffer(bytes: [0xA1, 1, 2, 3, 4])], timestamp: 0, allocator: allocator)
        // F=1, NRI=1, type 1: indicator F|NRI|28 = 0xBC, headers S|1, 1, E|1; 4 bytes as 2 + 2.
        #expect(
            packets.map { Array($0.readableBytesView.dropFirst(12)) } == [[0xBC, 0x81, 1, 2], [0xBC, 0x41, 3, 4]])
    }

    @Test func nalUnitOfExactlyMaxPayloadSizeIsNotFragmented() {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0, maxPayloadSize: 100)
        let fits = packetizer.packetize([ByteBuffer(repeating: 0x41, count: 100)], timestamp: 0, allocator: allocator)
        #expect(fits.map(\.readableBytes) == [112])
        let tooLarge = packetizer.packetize(
            [ByteBuffer(repeating: 0x41, count: 101)], timestamp: 0, allocator: allocator)
        #expect(tooLarge.map(\.readableBytes) == [12 + 2 + 50, 12 + 2 + 50])
    }

    @Test func markerOnlyOnTheLastPacketOfTheAccessUnit() {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0)
        let accessUnit = [
            ByteBuffer(bytes: [0x67, 0x42]),
            ByteBuffer(bytes: [0x68, 0xCE]),
            ByteBuffer(repeating: 0x65, count: 4000),
        ]
        let packets = packetizer.packetize(accessUnit, timestamp: 77, allocator: allocator)
        let markers = packets.map { ($0.getInteger(at: $0.readerIndex + 1, as: UInt8.self) ?? 0) & 0x80 != 0 }
        #expect(markers == [false, false, false, false, true])
        let timestamps = packets.map { $0.getInteger(at: $0.readerIndex + 4, as: UInt32.self) }
        #expect(timestamps == Array(repeating: 77, count: 5))
    }

    @Test func sequenceNumbersWrapFrom65535ToZero() {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 65534)
        let nalUnits = (0..<4).map { _ in ByteBuffer(bytes: [0x41, 0x00]) }
        let packets = packetizer.packetize(nalUnits, timestamp: 0, allocator: allocator)
        #expect(packets.map { $0.getInteger(at: $0.readerIndex + 2, as: UInt16.self) } == [65534, 65535, 0, 1])
        #expect(packetizer.nextSequenceNumber == 2)
    }

    @Test func emptyNALUnitsAreSkipped() {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 9)
        #expect(packetizer.packetize([], timestamp: 0, allocator: allocator).isEmpty)
        let packets = packetizer.packetize(
            [ByteBuffer(bytes: [0x41]), ByteBuffer()], timestamp: 0, allocator: allocator)
        #expect(packets.count == 1)
        #expect(packets.first?.getInteger(at: 1, as: UInt8.self) == 0xE0)  // the only packet has the marker
        #expect(packetizer.nextSequenceNumber == 10)
    }

    /// Every packet of an access unit lives in one buffer, back to back.
    @Test func packetsAreSlicesOfOneBuffer() {
        var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0)
        let packets = packetizer.packetize(
            [ByteBuffer(bytes: [0x67, 0x42]), ByteBuffer(repeating: 0x65, count: 5000)],
            timestamp: 0,
            allocator: allocator
        )
        let bases = packets.map { $0.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } }
        for index in 1..<packets.count {
            #expect(bases[index] == bases[index - 1] + UInt(packets[index - 1].readableBytes))
        }
    }
}
