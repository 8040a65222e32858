import NIOCore
import RTP
import Testing

/// One table drives both writing and parsing; the bytes are laid out by hand from RFC 3550 §5.1:
///
///     V=2 P X CC | M PT | sequence number | timestamp | SSRC | CSRC list
@Suite struct RTPHeaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var header: RTPHeader
        var bytes: [UInt8]
    }

    static let cases: [Case] = [
        Case(
            testDescription: "marker, dynamic payload type",
            header: RTPHeader(
                marker: true, payloadType: 96, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF, ssrc: 0x0102_0304),
            bytes: [0x80, 0xE0, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04]
        ),
        Case(
            testDescription: "all zero but the version",
            header: RTPHeader(marker: false, payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0),
            bytes: [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        ),
        Case(
            testDescription: "largest field values",
            header: RTPHeader(marker: true, payloadType: 127, sequenceNumber: 0xFFFF, timestamp: .max, ssrc: .max),
            bytes: [0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        ),
        Case(
            testDescription: "padding bit and two CSRCs",
            header: {
                var header = RTPHeader(
                    marker: false, payloadType: 96, sequenceNumber: 7, timestamp: 90_000, ssrc: 0xCAFE_F00D)
                header.padding = true
                header.csrcs = [0xAABB_CCDD, 0x0000_0001]
                return header
            }(),
            bytes: [
                0xA2, 0x60, 0x00, 0x07, 0x00, 0x01, 0x5F, 0x90, 0xCA, 0xFE, 0xF0, 0x0D,
                0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x00, 0x00, 0x01,
            ]
        ),
        Case(
            testDescription: "extension written empty",
            header: {
                var header = RTPHeader(marker: false, payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3)
                header.hasExtension = true
                return header
            }(),
            bytes: [
                0x90, 0x60, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
                0x00, 0x00, 0x00, 0x00,
            ]
        ),
    ]

    @Test(arguments: cases)
    func writesExactBytes(_ testCase: Case) {
        var buffer = ByteBuffer()
        let written = buffer.writeRTPHeader(testCase.header)
        #expect(written == testCase.bytes.count)
        #expect(Array(buffer.readableBytesView) == testCase.bytes)
    }

    @Test(arguments: cases)
    func parsesExactBytes(_ testCase: Case) throws {
        let payload: [UInt8] = [0x65, 0x88]
        // A padded packet needs its padding: two bytes, the last one counting both.
        let padding: [UInt8] = testCase.header.padding ? [0x00, 0x02] : []
        let packet = try RTPPacket(parsing: ByteBuffer(bytes: testCase.bytes + payload + padding))
        #expect(packet.header == testCase.header)
        #expect(Array(packet.payload.readableBytesView) == payload)
    }

    @Test func fixedSizeIsTwelveBytes() {
        #expect(RTPHeader.size == 12)
    }

    @Test func payloadTypeIsMaskedToSevenBits() {
        var buffer = ByteBuffer()
        buffer.writeRTPHeader(RTPHeader(marker: false, payloadType: 0xE0, sequenceNumber: 0, timestamp: 0, ssrc: 0))
        #expect(buffer.getInteger(at: 1, as: UInt8.self) == 0x60)
    }
}
