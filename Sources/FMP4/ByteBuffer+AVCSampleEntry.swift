import NIOCore

/// The H.264 sample entry: the picture size and the decoder configuration (SPS and PPS) a decoder is opened
/// with, which is why the samples themselves need carry no parameter sets.
extension ByteBuffer {
    /// Specification: ISO/IEC 14496-15 §5.4.2.1 (`avc1`), ISO/IEC 14496-12 §12.1.3 (`VisualSampleEntry`)
    mutating func writeAVCSampleEntry(_ track: FMP4VideoTrack) {
        writeBox("avc1") { box in
            box.writeZeros(6)  // reserved
            box.writeInteger(UInt16(1))  // data_reference_index
            box.writeZeros(2 + 2 + 3 * 4)  // pre_defined, reserved, pre_defined
            box.writeInteger(UInt16(truncatingIfNeeded: track.sequenceParameterSet.width))
            box.writeInteger(UInt16(truncatingIfNeeded: track.sequenceParameterSet.height))
            box.writeInteger(UInt32(0x0048_0000))  // horizresolution 72 dpi
            box.writeInteger(UInt32(0x0048_0000))  // vertresolution 72 dpi
            box.writeZeros(4)  // reserved
            box.writeInteger(UInt16(1))  // frame_count
            box.writeZeros(32)  // compressorname: empty Pascal string
            box.writeInteger(UInt16(0x0018))  // depth: colour, no alpha
            box.writeInteger(Int16(-1))  // pre_defined
            box.writeAVCDecoderConfiguration(track)
        }
    }

    /// One SPS, one PPS, 4-byte NAL unit lengths; for the high profiles also the chroma format and bit
    /// depths, which the standard requires there.
    ///
    /// Specification: ISO/IEC 14496-15 §5.3.3.1 (`AVCDecoderConfigurationRecord`), §5.4.2.1 (`avcC`)
    mutating func writeAVCDecoderConfiguration(_ track: FMP4VideoTrack) {
        let sps = track.parameterSets.sps
        let pps = track.parameterSets.pps
        let syntax = track.sequenceParameterSet
        writeBox("avcC") { box in
            box.writeInteger(UInt8(1))  // configurationVersion
            box.writeInteger(syntax.profileIDC)  // AVCProfileIndication
            box.writeInteger(syntax.constraintFlags)  // profile_compatibility
            box.writeInteger(syntax.levelIDC)  // AVCLevelIndication
            box.writeInteger(UInt8(0xFC | 3))  // reserved 6 bits, lengthSizeMinusOne = 3
            box.writeInteger(UInt8(0xE0 | 1))  // reserved 3 bits, numOfSequenceParameterSets = 1
            box.writeInteger(UInt16(truncatingIfNeeded: sps.count))
            box.writeBytes(sps)
            box.writeInteger(UInt8(1))  // numOfPictureParameterSets
            box.writeInteger(UInt16(truncatingIfNeeded: pps.count))
            box.writeBytes(pps)
            if [100, 110, 122, 144].contains(syntax.profileIDC) {
                box.writeInteger(UInt8(0xFC | syntax.chromaFormatIDC & 0x3))
                box.writeInteger(UInt8(0xF8 | syntax.bitDepthLumaMinus8 & 0x7))
                box.writeInteger(UInt8(0xF8 | syntax.bitDepthChromaMinus8 & 0x7))
                box.writeInteger(UInt8(0))  // numOfSequenceParameterSetExt
            }
        }
    }
}
