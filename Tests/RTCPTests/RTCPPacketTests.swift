import NIOCore
import RTCP
import Testing

/// Golden vectors laid out word by word as RFC 3550 §6.4–§6.6 draw them; one table drives encode and decode.
@Suite struct RTCPPacketTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var packet: RTCPPacket
        var hex: String
    }

    static let block1 = ReportBlock(
        ssrc: 0x9ABC_DEF0,
        fractionLost: 0x19,
        cumulativeLost: 3,
        extendedHighestSequenceNumber: 0x0001_0010,
        jitter: 0x20,
        lastSenderReport: 0x7F00_8000,
        delaySinceLastSenderReport: 0x0001_8000
    )
    static let block1Hex = """
        9abcdef0
        19 000003
        00010010
        00000020
        7f008000
        00018000
        """
    static let block2 = ReportBlock(
        ssrc: 0x0BAD_CAFE,
        fractionLost: 0,
        cumulativeLost: -2,
        extendedHighestSequenceNumber: 0xFFFF,
        jitter: 0,
        lastSenderReport: 0,
        delaySinceLastSenderReport: 0
    )
    static let block2Hex = """
        0badcafe
        00 fffffe
        0000ffff
        00000000
        00000000
        00000000
        """

    static let vectors: [Vector] = [
        Vector(
            testDescription: "SR with one report block",
            packet: .senderReport(
                SenderReport(
                    ssrc: 0x1234_5678,
                    ntpTimestamp: NTPTimestamp(seconds: 0xE93C_7F00, fraction: 0x8000_0000),
                    rtpTimestamp: 90_000,
                    packetCount: 100,
                    octetCount: 120_000,
                    reportBlocks: [block1]
                )
            ),
            // V=2 P=0 RC=1 | PT=200 | length 12 = (4 header + 24 sender info + 24 block) / 4 − 1
            hex: """
                81 c8 000c
                12345678
                e93c7f00
                80000000
                00015f90
                00000064
                0001d4c0
                \(block1Hex)
                """
        ),
        Vector(
            testDescription: "SR without report blocks",
            packet: .senderReport(
                SenderReport(
                    ssrc: 1,
                    ntpTimestamp: NTPTimestamp(seconds: 2, fraction: 3),
                    rtpTimestamp: 4,
                    packetCount: 5,
                    octetCount: 6
                )
            ),
            hex: "80 c8 0006 00000001 00000002 00000003 00000004 00000005 00000006"
        ),
        Vector(
            testDescription: "RR with one report block",
            packet: .receiverReport(ReceiverReport(ssrc: 0x1234_5678, reportBlocks: [block1])),
            // length 7 = (4 header + 4 SSRC + 24 block) / 4 − 1
            hex: "81 c9 0007 12345678 \(block1Hex)"
        ),
        Vector(
            testDescription: "RR with two report blocks, negative cumulative loss",
            packet: .receiverReport(ReceiverReport(ssrc: 0x1234_5678, reportBlocks: [block1, block2])),
            hex: "82 c9 000d 12345678 \(block1Hex) \(block2Hex)"
        ),
        Vector(
            testDescription: "empty RR",
            packet: .receiverReport(ReceiverReport(ssrc: 0x1234_5678)),
            hex: "80 c9 0001 12345678"
        ),
        Vector(
            testDescription: "SDES CNAME",
            packet: .sourceDescription(.cname(ssrc: 0x1234_5678, cname: "cam")),
            // SSRC, CNAME=1 length 3 "cam", null terminator, 2 bytes of padding to the word boundary.
            hex: "81 ca 0003 12345678 01 03 63 61 6d 00 0000"
        ),
        Vector(
            testDescription: "SDES two chunks, several items, one empty",
            packet: .sourceDescription(
                SourceDescription(chunks: [
                    .init(ssrc: 1, items: [.cname("a@b"), .init(type: 6, text: "cs")]),
                    .init(ssrc: 2, items: []),
                ])
            ),
            hex: "82 ca 0006 00000001 01 03 61 40 62 06 02 63 73 00 00 00 00000002 00000000"
        ),
        Vector(
            testDescription: "BYE without reason",
            packet: .goodbye(Goodbye(ssrcs: [0x1234_5678])),
            hex: "81 cb 0001 12345678"
        ),
        Vector(
            testDescription: "BYE with reason",
            packet: .goodbye(Goodbye(ssrcs: [0x1234_5678], reason: "camera unplugged")),
            // length byte 16, 16 bytes of text, 3 bytes of padding.
            hex: "81 cb 0006 12345678 10 63616d 65726120 756e706c 75676765 64 000000"
        ),
        Vector(
            testDescription: "BYE with two sources and a word-aligned reason",
            packet: .goodbye(Goodbye(ssrcs: [1, 2], reason: "bye")),
            hex: "82 cb 0003 00000001 00000002 03 627965"
        ),
        Vector(
            testDescription: "BYE with an empty reason",
            packet: .goodbye(Goodbye(ssrcs: [1], reason: "")),
            hex: "81 cb 0002 00000001 00 000000"
        ),
        Vector(
            testDescription: "PSFB PLI kept as other, FMT in the count field",
            packet: .other(type: 206, count: 1, payload: ByteBuffer(bytes: [0, 0, 0, 1, 0, 0, 0, 2])),
            hex: "81 ce 0002 00000001 00000002"
        ),
    ]

    @Test(arguments: vectors)
    func encodes(_ vector: Vector) {
        var written = ByteBuffer()
        let size = written.writeRTCPPacket(vector.packet)
        #expect(hex(written) == hex(buffer(hex: vector.hex)))
        #expect(size == written.readableBytes)
    }

    @Test(arguments: vectors)
    func decodes(_ vector: Vector) throws {
        #expect(try RTCPCompoundPacket.parse(buffer(hex: vector.hex)) == [vector.packet])
    }

    @Test func cumulativeLossIsClampedTo24BitsOnWrite() throws {
        let blocks = [
            ReportBlock(ssrc: 1, cumulativeLost: .max),
            ReportBlock(ssrc: 2, cumulativeLost: .min),
            ReportBlock(ssrc: 3, cumulativeLost: 0x7F_FFFF),
            ReportBlock(ssrc: 4, cumulativeLost: -0x80_0000),
            ReportBlock(ssrc: 5, cumulativeLost: -1),
        ]
        var written = ByteBuffer()
        written.writeRTCPPacket(.receiverReport(ReceiverReport(ssrc: 9, reportBlocks: blocks)))
        let lossWords = (0..<blocks.count).map { written.getInteger(at: 8 + $0 * 24 + 4, as: UInt32.self) }
        #expect(lossWords == [0x007F_FFFF, 0x0080_0000, 0x007F_FFFF, 0x0080_0000, 0x00FF_FFFF])
        let parsed = try RTCPCompoundPacket.parse(written)
        guard case .receiverReport(let report) = parsed.first else {
            Issue.record("expected an RR, got \(parsed)")
            return
        }
        #expect(report.reportBlocks.map(\.cumulativeLost) == [0x7F_FFFF, -0x80_0000, 0x7F_FFFF, -0x80_0000, -1])
    }

    @Test func moreThan31ReportBlocksContinueInReceiverReports() throws {
        let blocks = (0..<40).map { ReportBlock(ssrc: UInt32($0)) }
        let ntp = NTPTimestamp(seconds: 1, fraction: 2)
        let report = SenderReport(
            ssrc: 7, ntpTimestamp: ntp, rtpTimestamp: 3, packetCount: 4, octetCount: 5,
            reportBlocks: blocks)
        var written = ByteBuffer()
        let size = written.writeRTCPPacket(.senderReport(report))
        #expect(size == (28 + 31 * 24) + (8 + 9 * 24))
        var first = report
        first.reportBlocks = Array(blocks[..<31])
        let rest = ReceiverReport(ssrc: 7, reportBlocks: Array(blocks[31...]))
        #expect(try RTCPCompoundPacket.parse(written) == [.senderReport(first), .receiverReport(rest)])
    }

    @Test func moreThan31SourcesContinueInFurtherPackets() throws {
        let ssrcs = (0..<33).map { UInt32($0) }
        var written = ByteBuffer()
        written.writeRTCPPacket(.goodbye(Goodbye(ssrcs: ssrcs, reason: "done")))
        #expect(
            try RTCPCompoundPacket.parse(written) == [
                .goodbye(Goodbye(ssrcs: Array(ssrcs[..<31]))), .goodbye(Goodbye(ssrcs: [31, 32], reason: "done")),
            ]
        )

        let chunks = (0..<32).map { SourceDescription.Chunk(ssrc: UInt32($0), items: [.cname("c\($0)")]) }
        var sdes = ByteBuffer()
        sdes.writeRTCPPacket(.sourceDescription(SourceDescription(chunks: chunks)))
        #expect(
            try RTCPCompoundPacket.parse(sdes) == [
                .sourceDescription(SourceDescription(chunks: Array(chunks[..<31]))),
                .sourceDescription(SourceDescription(chunks: [chunks[31]])),
            ]
        )
    }

    @Test func textIsCutToLengthByteAtAScalarBoundary() throws {
        var written = ByteBuffer()
        written.writeRTCPPacket(.goodbye(Goodbye(ssrcs: [1], reason: String(repeating: "a", count: 300))))
        written.writeRTCPPacket(.sourceDescription(.cname(ssrc: 1, cname: String(repeating: "é", count: 200))))
        let parsed = try RTCPCompoundPacket.parse(written)
        #expect(
            parsed == [
                .goodbye(Goodbye(ssrcs: [1], reason: String(repeating: "a", count: 255))),
                // "é" is 2 bytes: 127 of them fit in 255.
                .sourceDescription(.cname(ssrc: 1, cname: String(repeating: "é", count: 127))),
            ]
        )
    }

    /// Padding sets the P bit and ends with its count (RFC 3550 §6.4.1), so the payload reads back unchanged
    /// (found by FuzzRTCP: zero padding alone came back as part of the payload).
    @Test func otherPayloadIsPaddedWithThePBitAndCountMasked() throws {
        var written = ByteBuffer()
        written.writeRTCPPacket(.other(type: 204, count: 0xFF, payload: ByteBuffer(bytes: [1, 2, 3, 4, 5])))
        #expect(hex(written) == "bfcc0002 01020304 05000003")
        #expect(try RTCPCompoundPacket.parse(written) == [.other(type: 204, count: 31, payload: ByteBuffer(bytes: [1, 2, 3, 4, 5]))])
    }

    /// Values no datagram could carry are cut to what the 16-bit length field can describe, rather than trapping
    /// or writing a length that lies.
    @Test func oversizedPacketsStillFitTheLengthField() throws {
        let text = String(repeating: "x", count: 255)
        let items = Array(repeating: SourceDescription.Item(type: 2, text: text), count: 1_100)
        var sdes = ByteBuffer()
        let sdesSize = sdes.writeRTCPPacket(
            .sourceDescription(SourceDescription(chunks: [.init(ssrc: 1, items: items)])))
        #expect(sdesSize <= 262_144)
        guard case .sourceDescription(let parsed) = try RTCPCompoundPacket.parse(sdes).first else {
            Issue.record("expected SDES")
            return
        }
        #expect(parsed.chunks.first?.items.count == (262_140 - 4 - 1) / 257)

        var other = ByteBuffer()
        let otherSize = other.writeRTCPPacket(
            .other(type: 204, count: 0, payload: ByteBuffer(repeating: 7, count: 300_000))
        )
        #expect(otherSize == 262_144)
        #expect(other.getInteger(at: 2, as: UInt16.self) == 0xFFFF)
    }

    @Test func endMarkerItemsAreSkippedOnWrite() {
        var written = ByteBuffer()
        let chunk = SourceDescription.Chunk(ssrc: 1, items: [.init(type: 0, text: "x"), .cname("a")])
        written.writeRTCPPacket(.sourceDescription(SourceDescription(chunks: [chunk])))
        #expect(hex(written) == "81ca0002 00000001 01016100")
    }
}
