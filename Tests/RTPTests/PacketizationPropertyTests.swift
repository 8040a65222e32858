import NIOCore
import RTP
import SeededRandom
import Testing

/// Properties over random access units from a fixed seed: the packetizer and depacketizer are inverse,
/// packets fit, and sequence numbers and timestamps behave as RFC 3550 and RFC 6184 require.
@Suite struct PacketizationPropertyTests {
    /// Up to 6 NAL units, each either small or up to `largest` bytes.
    private static func randomAccessUnit(largest: Int, using generator: inout SeededGenerator) -> [ByteBuffer] {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in
            // F=0, any NRI, a type the single-NAL-unit packet may carry (1...23).
            let header = UInt8.random(in: 0...3, using: &generator) << 5 | UInt8.random(in: 1...23, using: &generator)
            let size =
                [Int.random(in: 1...40, using: &generator), Int.random(in: 1...largest, using: &generator)]
                .randomElement(using: &generator) ?? 1
            var nalUnit = ByteBuffer(bytes: [header])
            for _ in 1..<size {
                nalUnit.writeInteger(UInt8.random(in: 0...0xFF, using: &generator))
            }
            return nalUnit
        }
    }

    @Test func packetizeThenDepacketizeIsIdentity() throws {
        var generator = SeededGenerator(seed: 0x6184_3550)
        let allocator = ByteBufferAllocator()
        for maxPayloadSize in [3, 4, 100, 1200, H264Packetizer.defaultMaxPayloadSize] {
            let start = UInt16.random(in: 65000 ... .max, using: &generator)
            var packetizer = H264Packetizer(ssrc: 0x5EED, initialSequenceNumber: start, maxPayloadSize: maxPayloadSize)
            var depacketizer = H264Depacketizer()
            var expectedSequenceNumber = start
            for frame in 0..<100 {
                // Several fragments per NAL unit at every size, without millions of packets at size 3.
                let largest = min(6000, maxPayloadSize * 20)
                let accessUnit = Self.randomAccessUnit(largest: largest, using: &generator)
                let timestamp = UInt32(frame) &* 3000 &+ 0xFFFF_0000
                let packets =
                    try packetizer
                    .packetize(accessUnit, timestamp: timestamp, allocator: allocator)
                    .map { try RTPPacket(parsing: $0) }
                try #require(!packets.isEmpty)

                var reassembled: [ByteBuffer]?
                for (index, packet) in packets.enumerated() {
                    #expect(packet.payload.readableBytes <= maxPayloadSize)
                    #expect(packet.header.sequenceNumber == expectedSequenceNumber)
                    expectedSequenceNumber &+= 1
                    #expect(packet.header.timestamp == timestamp)
                    #expect(packet.header.marker == (index == packets.count - 1))
                    #expect(packet.header.ssrc == 0x5EED)
                    #expect(packet.header.payloadType == 96)
                    let result = try depacketizer.push(packet)
                    #expect((result == nil) == (index < packets.count - 1))
                    reassembled = result ?? reassembled
                }
                #expect(reassembled == accessUnit)
                #expect(packetizer.nextSequenceNumber == expectedSequenceNumber)
            }
        }
    }

    @Test func fragmentsOfOneNALUnitDifferByAtMostOneByte() {
        var generator = SeededGenerator(seed: 0x0005_0008)
        let allocator = ByteBufferAllocator()
        for _ in 0..<500 {
            let maxPayloadSize = Int.random(in: 3...1500, using: &generator)
            let size = Int.random(in: (maxPayloadSize + 1)...(maxPayloadSize * 5 + 2), using: &generator)
            var packetizer = H264Packetizer(ssrc: 1, initialSequenceNumber: 0, maxPayloadSize: maxPayloadSize)
            let packets = packetizer.packetize(
                [ByteBuffer(repeating: 0x41, count: size)],
                timestamp: 0,
                allocator: allocator
            )
            let fragmentSizes = packets.map { $0.readableBytes - RTPHeader.size - 2 }
            #expect(fragmentSizes.reduce(0, +) == size - 1)
            #expect((fragmentSizes.max() ?? 0) - (fragmentSizes.min() ?? 0) <= 1)
            #expect((fragmentSizes.max() ?? 0) <= maxPayloadSize - 2)
            // No more fragments than needed.
            #expect(fragmentSizes.count == (size - 1 + maxPayloadSize - 3) / (maxPayloadSize - 2))
        }
    }
}
