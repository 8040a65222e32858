import NIOCore
import RTP
import SeededRandom
import Testing

@Suite struct RTPPacketTests {
    private let fixedHeader: [UInt8] = [0x80, 0x60, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03]

    @Test func skipsAnExtensionWithData() throws {
        let bytes: [UInt8] = [
            0x90, 0xE0, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
            0xBE, 0xDE, 0x00, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
            0x41, 0x9A,
        ]
        let packet = try RTPPacket(parsing: ByteBuffer(bytes: bytes))
        #expect(packet.header.hasExtension)
        #expect(packet.header.marker)
        #expect(Array(packet.payload.readableBytesView) == [0x41, 0x9A])
    }

    @Test func removesPaddingAndKeepsCSRCs() throws {
        let bytes: [UInt8] = [
            0xA1, 0x60, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
            0x00, 0x00, 0x00, 0x09,
            0x41, 0x9A, 0x00, 0x00, 0x03,
        ]
        let packet = try RTPPacket(parsing: ByteBuffer(bytes: bytes))
        #expect(packet.header.csrcs == [9])
        #expect(packet.header.padding)
        #expect(Array(packet.payload.readableBytesView) == [0x41, 0x9A])
    }

    @Test func payloadIsASliceOfTheInput() throws {
        let buffer = ByteBuffer(bytes: fixedHeader + [0x41, 0x9A])
        let packet = try RTPPacket(parsing: buffer)
        let inputBase = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let payloadBase = packet.payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(payloadBase == inputBase + 12)
    }

    @Test func acceptsAnEmptyPayload() throws {
        let packet = try RTPPacket(parsing: ByteBuffer(bytes: fixedHeader))
        #expect(packet.payload.readableBytes == 0)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var bytes: [UInt8]
        var error: RTPError
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(testDescription: "empty", bytes: [], error: .truncatedHeader(length: 0)),
        ErrorCase(
            testDescription: "11 bytes",
            bytes: [0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0],
            error: .truncatedHeader(length: 11)
        ),
        ErrorCase(
            testDescription: "version 1",
            bytes: [0x40, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3],
            error: .unsupportedVersion(1)
        ),
        ErrorCase(
            testDescription: "two CSRCs announced, one present",
            bytes: [0x82, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 9],
            error: .truncatedCSRCList(count: 2, length: 16)
        ),
        ErrorCase(
            testDescription: "extension header cut short",
            bytes: [0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0x00],
            error: .truncatedExtension(offset: 12, length: 15)
        ),
        ErrorCase(
            testDescription: "extension longer than the packet",
            bytes: [0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0x00, 0x02, 1, 2, 3, 4],
            error: .truncatedExtension(offset: 12, length: 20)
        ),
        ErrorCase(
            testDescription: "padding count zero",
            bytes: [0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x41, 0x00],
            error: .invalidPadding(count: 0, offset: 13)
        ),
        ErrorCase(
            testDescription: "padding longer than the payload",
            bytes: [0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x41, 0x03],
            error: .invalidPadding(count: 3, offset: 13)
        ),
        ErrorCase(
            testDescription: "padding bit without any payload",
            bytes: [0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3],
            error: .invalidPadding(count: 3, offset: 11)
        ),
    ]

    @Test(arguments: errorCases)
    func rejectsMalformedPackets(_ testCase: ErrorCase) {
        #expect(throws: testCase.error) {
            try RTPPacket(parsing: ByteBuffer(bytes: testCase.bytes))
        }
    }

    @Test func errorsDescribeTheByte() {
        #expect(RTPError.unsupportedVersion(1).description == "RTP version 1 in byte 0, expected 2")
        #expect(
            RTPError.invalidPadding(count: 3, offset: 13).description
                == "RTP padding count 3 at byte 13 is zero or longer than the payload"
        )
    }

    @Test func garbageNeverTraps() {
        var generator = SeededGenerator(seed: 0x0BAD_F00D)
        var parsed = 0
        for _ in 0..<10_000 {
            var bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                UInt8.random(in: 0...0xFF, using: &generator)
            }
            if !bytes.isEmpty, Bool.random(using: &generator) {
                bytes[0] = bytes[0] & 0x3F | 0x80  // version 2, so parsing goes past byte 0
            }
            if let packet = try? RTPPacket(parsing: ByteBuffer(bytes: bytes)) {
                parsed += 1
                #expect(packet.payload.readableBytes <= bytes.count - RTPHeader.size)
            }
        }
        #expect(parsed > 0)
    }

    @Test func parseOfWrittenPacketsRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x0000_5EED)
        for _ in 0..<1_000 {
            var header = RTPHeader(
                marker: .random(using: &generator),
                payloadType: .random(in: 0...127, using: &generator),
                sequenceNumber: .random(in: .min ... .max, using: &generator),
                timestamp: .random(in: .min ... .max, using: &generator),
                ssrc: .random(in: .min ... .max, using: &generator)
            )
            header.csrcs = (0..<Int.random(in: 0...15, using: &generator)).map { _ in
                .random(in: .min ... .max, using: &generator)
            }
            header.hasExtension = .random(using: &generator)
            let payload = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                UInt8.random(in: 0...0xFF, using: &generator)
            }
            var buffer = ByteBuffer()
            buffer.writeRTPHeader(header)
            buffer.writeBytes(payload)
            let packet = try RTPPacket(parsing: buffer)
            #expect(packet.header == header)
            #expect(Array(packet.payload.readableBytesView) == payload)
        }
    }
}
