import NIOCore
import RTCP
import SeededRandom
import Testing

@Suite struct RTCPCompoundPacketTests {
    struct Malformed: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var hex: String
        var error: RTCPError
    }

    static let malformed: [Malformed] = [
        Malformed(testDescription: "empty datagram", hex: "", error: .emptyDatagram),
        Malformed(
            testDescription: "three bytes",
            hex: "80 c9 00",
            error: .truncatedHeader(offset: 0, available: 3)
        ),
        Malformed(
            testDescription: "version 1",
            hex: "40 c9 0001 12345678",
            error: .unsupportedVersion(1, offset: 0)
        ),
        Malformed(
            testDescription: "version 3 in the second packet",
            hex: "80 c9 0001 12345678 c0 c9 0001 12345678",
            error: .unsupportedVersion(3, offset: 8)
        ),
        Malformed(
            testDescription: "length beyond the datagram",
            hex: "81 c9 0007 12345678",
            error: .lengthBeyondBuffer(offset: 0, declared: 32, available: 8)
        ),
        Malformed(
            testDescription: "trailing bytes shorter than a header",
            hex: "80 c9 0001 12345678 80 c9",
            error: .truncatedHeader(offset: 8, available: 2)
        ),
        Malformed(
            testDescription: "SR whose report count runs past its length",
            hex: "81 c8 0006 00000001 00000002 00000003 00000004 00000005 00000006",
            error: .truncatedPacket(packetType: 200, offset: 28, needed: 24, available: 0)
        ),
        Malformed(
            testDescription: "SR shorter than its sender info",
            hex: "80 c8 0002 00000001 00000002",
            error: .truncatedPacket(packetType: 200, offset: 12, needed: 4, available: 0)
        ),
        Malformed(
            testDescription: "RR with two blocks declared, one present",
            hex: "82 c9 0007 12345678 \(RTCPPacketTests.block1Hex)",
            error: .truncatedPacket(packetType: 201, offset: 8, needed: 48, available: 24)
        ),
        Malformed(
            testDescription: "SDES item longer than the packet",
            hex: "81 ca 0002 12345678 01 03 61 62",
            error: .truncatedPacket(packetType: 202, offset: 10, needed: 3, available: 2)
        ),
        Malformed(
            testDescription: "SDES chunk without a null terminator",
            hex: "81 ca 0002 12345678 01 02 61 62",
            error: .truncatedPacket(packetType: 202, offset: 12, needed: 1, available: 0)
        ),
        Malformed(
            testDescription: "SDES declaring more chunks than present",
            hex: "82 ca 0002 12345678 01 01 61 00",
            error: .truncatedPacket(packetType: 202, offset: 12, needed: 4, available: 0)
        ),
        Malformed(
            testDescription: "BYE reason longer than the packet",
            hex: "81 cb 0002 12345678 05 616263",
            error: .truncatedPacket(packetType: 203, offset: 9, needed: 5, available: 3)
        ),
        Malformed(
            testDescription: "BYE listing more sources than present",
            hex: "83 cb 0002 00000001 00000002",
            error: .truncatedPacket(packetType: 203, offset: 4, needed: 12, available: 8)
        ),
        Malformed(
            testDescription: "padding count zero",
            hex: "a0 c9 0002 12345678 00000000",
            error: .invalidPadding(offset: 0, count: 0, bodyLength: 8)
        ),
        Malformed(
            testDescription: "padding count beyond the body",
            hex: "a0 c9 0002 12345678 00000009",
            error: .invalidPadding(offset: 0, count: 9, bodyLength: 8)
        ),
    ]

    @Test(arguments: malformed)
    func rejects(_ vector: Malformed) {
        #expect(throws: vector.error) {
            try RTCPCompoundPacket.parse(buffer(hex: vector.hex))
        }
    }

    @Test func errorsSayWhatAndWhere() {
        let error = RTCPError.lengthBeyondBuffer(offset: 8, declared: 32, available: 8)
        #expect(String(describing: error) == "RTCP packet at offset 8 declares 32 bytes, 8 available")
    }

    @Test func paddingBitIsHonoured() throws {
        // RR with no blocks, then 4 bytes of padding whose last octet counts them.
        let parsed = try RTCPCompoundPacket.parse(buffer(hex: "a0 c9 0002 12345678 00000004"))
        #expect(parsed == [.receiverReport(ReceiverReport(ssrc: 0x1234_5678))])
    }

    @Test func parsesFromTheReaderIndex() throws {
        var datagram = ByteBuffer(bytes: [0xFF, 0xFF])
        datagram.moveReaderIndex(forwardBy: 2)
        datagram.writeRTCPPacket(.goodbye(Goodbye(ssrcs: [5])))
        #expect(try RTCPCompoundPacket.parse(datagram) == [.goodbye(Goodbye(ssrcs: [5]))])
    }

    @Test func parseOfSerializeIsIdentityForRandomPackets() throws {
        var generator = SeededGenerator(seed: 0x5254_4350)
        for _ in 0..<2_000 {
            let packets = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                Self.randomPacket(using: &generator)
            }
            var datagram = ByteBuffer()
            var size = 0
            for packet in packets {
                size += datagram.writeRTCPPacket(packet)
            }
            #expect(size == datagram.readableBytes)
            #expect(size % 4 == 0)
            #expect(try RTCPCompoundPacket.parse(datagram) == packets)
        }
    }

    /// Random bytes, and valid datagrams with bytes flipped or cut off, must throw or parse, never trap; and what
    /// parses is canonical: written again and parsed, it is the same packets.
    @Test func garbageNeverTrapsAndWhatParsesRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x6761_7262)
        var parsed = 0
        var rejected = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...96, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                // Make most of them get past the version check.
                if !bytes.isEmpty, round % 4 == 0 { bytes[0] = 0x80 | bytes[0] & 0x3F }
            } else {
                var valid = ByteBuffer()
                valid.writeRTCPPacket(Self.randomPacket(using: &generator))
                valid.writeRTCPPacket(Self.randomPacket(using: &generator))
                bytes = Array(valid.readableBytesView)
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255,
                        using: &generator
                    )
                }
                bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &generator))
            }
            guard let packets = try? RTCPCompoundPacket.parse(ByteBuffer(bytes: bytes)) else {
                rejected += 1
                continue
            }
            parsed += 1
            var written = ByteBuffer()
            for packet in packets { written.writeRTCPPacket(packet) }
            #expect(try RTCPCompoundPacket.parse(written) == packets, "round \(round)")
        }
        #expect(parsed > 100 && rejected > 100, "parsed \(parsed), rejected \(rejected)")
    }

    private static func randomPacket(using generator: inout SeededGenerator) -> RTCPPacket {
        func blocks() -> [ReportBlock] {
            (0..<Int.random(in: 0...31, using: &generator)).map { _ in
                ReportBlock(
                    ssrc: .random(in: 0...UInt32.max, using: &generator),
                    fractionLost: .random(in: 0...UInt8.max, using: &generator),
                    cumulativeLost: .random(in: ReportBlock.cumulativeLostRange, using: &generator),
                    extendedHighestSequenceNumber: .random(in: 0...UInt32.max, using: &generator),
                    jitter: .random(in: 0...UInt32.max, using: &generator),
                    lastSenderReport: .random(in: 0...UInt32.max, using: &generator),
                    delaySinceLastSenderReport: .random(in: 0...UInt32.max, using: &generator)
                )
            }
        }
        func text() -> String {
            let alphabet: [String] = ["a", "Z", "0", "@", ".", " ", "é", "ß", "📷"]
            return (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? "a"
            }.joined()
        }
        func ssrc() -> UInt32 { .random(in: 0...UInt32.max, using: &generator) }

        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            return .senderReport(
                SenderReport(
                    ssrc: ssrc(),
                    ntpTimestamp: NTPTimestamp(seconds: ssrc(), fraction: ssrc()),
                    rtpTimestamp: ssrc(),
                    packetCount: ssrc(),
                    octetCount: ssrc(),
                    reportBlocks: blocks()
                )
            )
        case 1:
            return .receiverReport(ReceiverReport(ssrc: ssrc(), reportBlocks: blocks()))
        case 2:
            let chunks = (0..<Int.random(in: 0...31, using: &generator)).map { _ in
                SourceDescription.Chunk(
                    ssrc: ssrc(),
                    items: (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                        SourceDescription.Item(type: .random(in: 1...8, using: &generator), text: text())
                    }
                )
            }
            return .sourceDescription(SourceDescription(chunks: chunks))
        case 3:
            let ssrcs = (0..<Int.random(in: 0...31, using: &generator)).map { _ in ssrc() }
            return .goodbye(Goodbye(ssrcs: ssrcs, reason: Bool.random(using: &generator) ? text() : nil))
        default:
            let payload = (0..<Int.random(in: 0...8, using: &generator) * 4).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            return .other(
                type: .random(in: 204...255, using: &generator),
                count: .random(in: 0...31, using: &generator),
                payload: ByteBuffer(bytes: payload)
            )
        }
    }
}
