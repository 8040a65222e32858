import FMP4
import H264
import NIOCore
import Testing

/// Exact bytes, box by box, from ISO/IEC 14496-12 and -15 (field layouts in the comments).
@Suite struct FMP4BoxTests {
    static let baseline = ParameterSets(sps: Vectors.baselineSPS, pps: Vectors.baselinePPS)

    /// AUD, SPS, PPS and a 4-byte IDR slice: the sample keeps only the slice, behind its length.
    static let idrAccessUnit: [ByteBuffer] = [
        ByteBuffer(bytes: [0x09, 0x10]), ByteBuffer(bytes: Vectors.baselineSPS), ByteBuffer(bytes: Vectors.baselinePPS),
        ByteBuffer(bytes: [0x65, 0x88, 0x84, 0x00]),
    ]

    @Test func mediaSegmentIsMoofThenMdatWithTheDataOffsetPointingAtTheSample() throws {
        let sample = try #require(FMP4Sample(nalUnits: Self.idrAccessUnit))
        var buffer = ByteBuffer()
        buffer.writeMediaSegment(
            FMP4Fragment(sequenceNumber: 7, baseMediaDecodeTime: 0x1_0000_0002, sampleDuration: 3000), sample: sample)
        let expected = hex(
            """
            00000064 6d6f6f66
              00000010 6d666864 00000000 00000007
              0000004c 74726166
                00000010 74666864 00020000 00000001
                00000014 74666474 01000000 0000000100000002
                00000020 7472756e 00000701 00000001 0000006c 00000bb8 00000008 02000000
            00000010 6d646174 00000004 65888400
            """)
        #expect(buffer.bytes == expected)
    }

    @Test func aPFrameIsMarkedNonSyncAndDependent() throws {
        let sample = try #require(FMP4Sample(nalUnits: [ByteBuffer(bytes: [0x41, 0x9a, 0x02]), ByteBuffer(bytes: [0x41, 0x01])]))
        #expect(!sample.isSync)
        #expect(sample.data.bytes == hex("00000003 419a02 00000002 4101"))
        var buffer = ByteBuffer()
        buffer.writeMediaSegment(FMP4Fragment(sequenceNumber: 1, baseMediaDecodeTime: 0, sampleDuration: 1), sample: sample)
        // trun's last field, sample_flags: sample_depends_on 1, sample_is_non_sync_sample 1.
        #expect(Array(buffer.bytes[(100 - 4)..<100]) == [0x01, 0x01, 0x00, 0x00])
        // sample_size in trun equals the mdat payload.
        #expect(Array(buffer.bytes[(100 - 8)..<(100 - 4)]) == [0, 0, 0, 13])
    }

    @Test func parameterSetsAloneMakeNoSample() {
        #expect(FMP4Sample(nalUnits: [ByteBuffer(bytes: Vectors.baselineSPS), ByteBuffer(bytes: Vectors.baselinePPS)]) == nil)
        #expect(FMP4Sample(nalUnits: [ByteBuffer()]) == nil)
    }

    @Test func codecStringComesFromTheSPS() throws {
        #expect(try FMP4VideoTrack(parameterSets: Self.baseline).codecString == "avc1.42C00A")
        let high = try FMP4VideoTrack(parameterSets: ParameterSets(sps: Vectors.highSPS, pps: Vectors.highPPS))
        #expect(high.mimeType == "video/mp4; codecs=\"avc1.64001E\"")
    }

    @Test func initializationSegmentNestsEveryBoxAMediaSourceNeeds() throws {
        var buffer = ByteBuffer()
        buffer.writeInitializationSegment(try FMP4VideoTrack(parameterSets: Self.baseline))
        let boxes = try Box.parse(buffer.bytes[...])
        #expect(boxes.map(\.type) == ["ftyp", "moov"])
        // major brand isom, minor 0x200, compatible isom iso6 avc1 mp41
        #expect(boxes[0].payload == Array("isom".utf8) + [0, 0, 2, 0] + Array("isomiso6avc1mp41".utf8))
        let moov = boxes[1]
        #expect(moov.children.map(\.type) == ["mvhd", "trak", "mvex"])
        #expect(moov.child("trak")?.children.map(\.type) == ["tkhd", "mdia"])
        #expect(moov.child("trak", "mdia")?.children.map(\.type) == ["mdhd", "hdlr", "minf"])
        #expect(moov.child("trak", "mdia", "minf")?.children.map(\.type) == ["vmhd", "dinf", "stbl"])
        #expect(moov.child("trak", "mdia", "minf", "stbl")?.children.map(\.type) == ["stsd", "stts", "stsc", "stsz", "stco"])

        // mvhd v0: 4 + 96 bytes; timescale 1000 at byte 12; next_track_ID 2 last.
        let mvhd = try #require(moov.child("mvhd"))
        #expect(mvhd.payload.count == 100)
        #expect(Array(mvhd.payload[12..<16]) == [0, 0, 0x03, 0xe8])
        #expect(Array(mvhd.payload.suffix(4)) == [0, 0, 0, 2])

        // tkhd: flags 3, track_ID 1, width 64.0 and height 48.0 in 16.16 at the end.
        let tkhd = try #require(moov.child("trak", "tkhd"))
        #expect(Array(tkhd.payload.prefix(4)) == [0, 0, 0, 3])
        #expect(Array(tkhd.payload[12..<16]) == [0, 0, 0, 1])
        #expect(Array(tkhd.payload.suffix(8)) == hex("00400000 00300000"))

        // mdhd: timescale 90000, language "und".
        let mdhd = try #require(moov.child("trak", "mdia", "mdhd"))
        #expect(mdhd.payload == hex("00000000 00000000 00000000 00015f90 00000000 55c4 0000"))
        #expect(
            moov.child("trak", "mdia", "hdlr")?.payload == hex("00000000 00000000 76696465 000000000000000000000000")
                + Array("camstream\0".utf8))
        #expect(moov.child("trak", "mdia", "minf", "vmhd")?.payload == hex("00000001 0000 000000000000"))
        #expect(
            moov.child("trak", "mdia", "minf", "dinf")?.children == [
                Box(type: "dref", payload: hex("00000000 00000001 0000000c 75726c20 00000001"), children: [])
            ])
        // trex: track 1, sample description 1, no other defaults.
        #expect(
            moov.child("mvex")?.children == [
                Box(type: "trex", payload: hex("00000000 00000001 00000001 00000000 00000000 00000000"), children: [])
            ])
    }

    @Test func sampleEntryCarriesTheSizeAndTheDecoderConfiguration() throws {
        var buffer = ByteBuffer()
        buffer.writeInitializationSegment(try FMP4VideoTrack(parameterSets: Self.baseline))
        let moov = try #require(try Box.parse(buffer.bytes[...]).last)
        let stsd = try #require(moov.child("trak", "mdia", "minf", "stbl", "stsd"))
        // version/flags, entry_count 1, then the avc1 box.
        #expect(Array(stsd.payload.prefix(8)) == [0, 0, 0, 0, 0, 0, 0, 1])
        let avc1 = try Box.parse(stsd.payload[8...])
        #expect(avc1.map(\.type) == ["avc1"])
        let entry = avc1[0].payload
        #expect(
            Array(entry.prefix(78))
                == hex(
                    """
                    000000000000 0001 0000 0000 000000000000000000000000
                    0040 0030 00480000 00480000 00000000 0001
                    0000000000000000000000000000000000000000000000000000000000000000
                    0018 ffff
                    """))
        // avcC: version 1, profile 0x42, compatibility 0xC0, level 0x0A, 4-byte lengths, one SPS, one PPS.
        #expect(
            try Box.parse(entry[78...]) == [
                Box(
                    type: "avcC", payload: hex("01 42 c0 0a ff e1 0017") + Vectors.baselineSPS + hex("01 0005") + Vectors.baselinePPS,
                    children: [])
            ])
    }

    @Test func highProfileDecoderConfigurationNamesChromaFormatAndBitDepths() throws {
        var buffer = ByteBuffer()
        buffer.writeInitializationSegment(try FMP4VideoTrack(parameterSets: ParameterSets(sps: Vectors.highSPS, pps: Vectors.highPPS)))
        // chroma_format_idc 1 (4:2:0), 8-bit luma and chroma, no SPS extensions: the record's last 4 bytes.
        let bytes = buffer.bytes
        let avcC = try #require(bytes.indices.first { Array(bytes[$0..<min($0 + 4, bytes.count)]) == Array("avcC".utf8) })
        let size = bytes[(avcC - 4)..<avcC].reduce(0) { $0 << 8 | Int($1) }
        #expect(Array(bytes[(avcC - 4 + size - 4)..<(avcC - 4 + size)]) == [0xfd, 0xf8, 0xf8, 0x00])
        #expect(Array(bytes[(avcC + 4)..<(avcC + 8)]) == [0x01, 0x64, 0x00, 0x1e])
    }

    @Test func garbageParameterSetsAreRefusedNotTrapped() {
        #expect(throws: H264Error.self) { try FMP4VideoTrack(parameterSets: ParameterSets(sps: [0x67], pps: [0x68])) }
        #expect(throws: H264Error.self) { try FMP4VideoTrack(parameterSets: ParameterSets(sps: [0x68, 1, 2, 3], pps: [0x68])) }
        #expect(throws: H264Error.self) {
            try FMP4VideoTrack(parameterSets: ParameterSets(sps: Vectors.baselineSPS, pps: [0x68] + [UInt8](repeating: 0, count: 70_000)))
        }
    }
}
