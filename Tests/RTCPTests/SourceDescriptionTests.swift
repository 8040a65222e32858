import NIOCore
import RTCP
import Testing

@Suite struct SourceDescriptionTests {
    /// A chunk is SSRC (4) + type (1) + length (1) + text (n) + at least one null, rounded up to 32 bits:
    /// n = 1 fits exactly in 8 bytes, n = 2…5 take 12, n = 6…8 take 16.
    @Test(arguments: 1...8)
    func cnameChunkIsNullTerminatedAndWordAligned(length: Int) throws {
        let cname = String(repeating: "x", count: length)
        var written = ByteBuffer()
        let size = written.writeRTCPPacket(.sourceDescription(.cname(ssrc: 0xDEAD_BEEF, cname: cname)))

        let chunkSize = (4 + 2 + length + 1 + 3) / 4 * 4
        #expect(size == 4 + chunkSize)
        #expect(size % 4 == 0)
        #expect(written.getInteger(at: 0, as: UInt8.self) == 0x81)
        #expect(written.getInteger(at: 1, as: UInt8.self) == 202)
        #expect(written.getInteger(at: 2, as: UInt16.self) == UInt16(size / 4 - 1))
        #expect(written.getInteger(at: 4, as: UInt32.self) == 0xDEAD_BEEF)
        #expect(written.getInteger(at: 8, as: UInt8.self) == 1)
        #expect(written.getInteger(at: 9, as: UInt8.self) == UInt8(length))
        #expect(written.getString(at: 10, length: length) == cname)
        let tail = written.getBytes(at: 10 + length, length: size - 10 - length) ?? []
        #expect(!tail.isEmpty && tail.count <= 4)
        #expect(tail.allSatisfy { $0 == 0 })

        #expect(try RTCPCompoundPacket.parse(written) == [.sourceDescription(.cname(ssrc: 0xDEAD_BEEF, cname: cname))])
    }

    @Test func compoundSenderReportAndCNAMEParseToBoth() throws {
        let report = SenderReport(
            ssrc: 0x1234_5678,
            ntpTimestamp: NTPTimestamp(unixNanoseconds: 1_704_067_200_500_000_000),
            rtpTimestamp: 0xDEAD_BEEF,
            packetCount: 42,
            octetCount: 42_000
        )
        let sdes = SourceDescription.cname(ssrc: 0x1234_5678, cname: "camstream@host")
        var datagram = ByteBuffer()
        let size = datagram.writeRTCPPacket(.senderReport(report)) + datagram.writeRTCPPacket(.sourceDescription(sdes))
        #expect(size == 28 + 28)
        #expect(
            hex(datagram) == """
                80c80006 12345678 e93c7f00 80000000 deadbeef 0000002a 0000a410 \
                81ca0006 12345678 010e6361 6d737472 65616d40 686f7374 00000000
                """
        )
        #expect(try RTCPCompoundPacket.parse(datagram) == [.senderReport(report), .sourceDescription(sdes)])
    }
}
