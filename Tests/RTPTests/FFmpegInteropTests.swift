import H264
import NIOCore
import RTP
import Testing

/// Packets from a real peer: ffmpeg's RTP muxer sending a one-frame x264 stream, captured off loopback.
///
///     ffmpeg -f lavfi -i testsrc=size=64x48:rate=25 -frames:v 1 -pix_fmt yuv420p -c:v libx264 \
///         -profile:v baseline -bsf:v filter_units=remove_types=6 /tmp/h.h264
///     ffmpeg -i /tmp/h.h264 -c copy -f rtp -pkt_size 200 -payload_type 96 -ssrc 0x12345678 \
///         rtp://127.0.0.1:5004
///
/// ffmpeg aggregates SPS and PPS into a STAP-A and fragments the IDR slice as FU-As of 186, 186 and 86
/// bytes (full fragments plus remainder, unlike ours).
@Suite struct FFmpegInteropTests {
    static let annexB = hex(
        """
        000000016742c00ad9047b011000000300100000030320f1226480000000\
        0168cb83cb200000016588840c7fe45e52f14000bf8a006010d4da701ff8\
        0129d88994390fae6042f9e161c20bfc1000150442604546663d73f400f4\
        515614210bba80c2a929292edc3ff0d14f00f7f140008f81c008e0401c00\
        0f801800e01bbfb7ef6c30fdf5fb7b36d861c660e000200800020bdc1c00\
        100010678800020143fe747f9e104d298e202724c695f960320105000fc0\
        0efcb6a45dfde132af518df7f4784498000804040004c3b003810c4b1ebf\
        8047cf0da28723f5d07fda10ffe08b060365eb0ebff3ef596699955e67f7\
        e9ffd8232063f723fffe3fe7ba4788060c07e006aa4af63feae24000877c\
        3fe27d31893960af5477bb02bc61f41081300802840013870402e1948740\
        1195a0c190010ff0150075207b00f52521418149a1e9ee288fdc03002f84\
        9e5efd418a6ada73818a72d3c30054f038119e0718014487500a2590414c\
        ca8807f071c0014a478004ca4463e9c847578060098e5f978807e201e6e1\
        b75455ba2bde07cbc2800080100be180f300e6000ed21c800665508348c7\
        083680ec05e90c83f49540e8d582a3f06c321087eda8001cf9daeb6effff\
        78135f403483a47ea9d4b3f2702c088220002008807e039489fc0da217b1\
        83858ba43c06640a8ca0fc2f0ca7fc240b60
        """
    )

    static let packets = [
        "80600e3dc0eb7a04123456781800176742c00ad9047b011000000300100000030320f1226480000568cb83cb20",
        """
        80600e3ec0eb7a04123456787c8588840c7fe45e52f14000bf8a006010d4da701ff80129d88994390fae6042f9e161c20bfc\
        1000150442604546663d73f400f4515614210bba80c2a929292edc3ff0d14f00f7f140008f81c008e0401c000f801800e01bb\
        fb7ef6c30fdf5fb7b36d861c660e000200800020bdc1c00100010678800020143fe747f9e104d298e202724c695f96032010\
        5000fc00efcb6a45dfde132af518df7f4784498000804040004c3b003810c4b1ebf8047cf0da28723f5d07fda10ffe08b06
        """,
        """
        80600e3fc0eb7a04123456787c050365eb0ebff3ef596699955e67f7e9ffd8232063f723fffe3fe7ba4788060c07e006aa4a\
        f63feae24000877c3fe27d31893960af5477bb02bc61f41081300802840013870402e19487401195a0c190010ff015007520\
        7b00f52521418149a1e9ee288fdc03002f849e5efd418a6ada73818a72d3c30054f038119e0718014487500a2590414cca88\
        07f071c0014a478004ca4463e9c847578060098e5f978807e201e6e1b75455ba2bde07cbc2800080100be180f300e6000ed2
        """,
        """
        80e00e40c0eb7a04123456787c451c800665508348c7083680ec05e90c83f49540e8d582a3f06c321087eda8001cf9daeb6e\
        ffff78135f403483a47ea9d4b3f2702c088220002008807e039489fc0da217b183858ba43c06640a8ca0fc2f0ca7fc240b60
        """,
    ].map(hex)

    @Test func depacketizesFFmpegPacketsIntoTheEncodedNALUnits() throws {
        let expected = AnnexB.nalUnits(in: ByteBuffer(bytes: Self.annexB))
        try #require(expected.count == 3)
        var depacketizer = H264Depacketizer()
        var accessUnit: [ByteBuffer]?
        for bytes in Self.packets {
            let packet = try RTPPacket(parsing: ByteBuffer(bytes: bytes))
            #expect(packet.header.ssrc == 0x1234_5678)
            #expect(packet.header.timestamp == 0xC0EB_7A04)
            accessUnit = try depacketizer.push(packet)
        }
        #expect(accessUnit == expected)
    }

    @Test func ourPacketsOfTheSameFrameDepacketizeAlike() throws {
        let nalUnits = AnnexB.nalUnits(in: ByteBuffer(bytes: Self.annexB))
        var packetizer = H264Packetizer(ssrc: 0x1234_5678, initialSequenceNumber: 0x0E3D, maxPayloadSize: 200 - 12)
        let packets = packetizer.packetize(nalUnits, timestamp: 0xC0EB_7A04, allocator: ByteBufferAllocator())
        // SPS and PPS as single NAL unit packets; the 458 bytes after the IDR slice's header as FU-As of
        // 153, 153 and 152 bytes where ffmpeg sends 186, 186 and 86.
        #expect(packets.map(\.readableBytes) == [12 + 23, 12 + 5, 12 + 2 + 153, 12 + 2 + 153, 12 + 2 + 152])
        var depacketizer = H264Depacketizer()
        var accessUnit: [ByteBuffer]?
        for packet in packets {
            accessUnit = try depacketizer.push(RTPPacket(parsing: packet))
        }
        #expect(accessUnit == nalUnits)
    }
}

/// Bytes from hex digits, skipping anything else (test vectors only).
func hex(_ digits: String) -> [UInt8] {
    let nibbles = digits.utf8.compactMap { UInt8(String(UnicodeScalar($0)), radix: 16) }
    return stride(from: 0, to: nibbles.count - 1, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
}
