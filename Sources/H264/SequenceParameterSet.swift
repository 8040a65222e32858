/// Decoded essentials of a sequence parameter set, enough to check a stream's size and profile.
///
/// The server compares these against the configured stream so a camera that silently changed resolution
/// is noticed, and SDP readers can be told the real picture size.
///
/// Specification: ITU-T H.264 §7.3.2.1.1 (syntax), §7.4.2.1.1 (semantics, frame cropping)
public struct SequenceParameterSet: Sendable, Hashable {
    public var profileIDC: UInt8
    /// `constraint_set0_flag` … `constraint_set5_flag` and the two reserved bits, as the SPS byte.
    public var constraintFlags: UInt8
    public var levelIDC: UInt8
    /// Width in luma samples after frame cropping: what a viewer displays.
    public var width: Int
    /// Height in luma samples after frame cropping (frames, not fields).
    public var height: Int
    /// `chroma_format_idc` (1 = 4:2:0 unless a high profile says otherwise) and the bit depths beyond 8:
    /// an MP4 `avcC` box repeats them for the high profiles (ISO/IEC 14496-15 §5.3.3.1).
    public var chromaFormatIDC: UInt8 = 1
    public var bitDepthLumaMinus8: UInt8 = 0
    public var bitDepthChromaMinus8: UInt8 = 0

    /// Largest frame any level allows, in macroblocks (ITU-T H.264 Table A-1, level 6.2); a dimension
    /// beyond it is garbage, and rejecting it keeps the size arithmetic far from overflow.
    static let maximumFrameSizeInMacroblocks: UInt32 = 139_264

    /// Profiles whose SPS carries `chroma_format_idc`, bit depths and scaling lists.
    private static let highProfiles: Set<UInt8> = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]

    /// Parses an SPS NAL unit (with header byte, without start code). Handles emulation-prevention bytes,
    /// exp-Golomb fields, high profiles (chroma format, scaling lists), field coding and cropping.
    /// Throws `H264Error` naming the field and bit on truncated or out-of-range input; never traps.
    public init(nalUnit: [UInt8]) throws(H264Error) {
        guard let header = nalUnit.first else {
            throw .truncated("SPS is empty: no NAL unit header")
        }
        let type = NALUnitHeader(byte: header).type
        guard type == .sps else {
            throw .invalid("NAL unit header byte 0 has \(type), not SPS (7)")
        }
        var reader = RBSPReader(payload: nalUnit.dropFirst(), unitName: "SPS")
        profileIDC = UInt8(try reader.bits(8, "profile_idc"))
        constraintFlags = UInt8(try reader.bits(8, "constraint_set_flags"))
        levelIDC = UInt8(try reader.bits(8, "level_idc"))
        _ = try reader.unsigned("seq_parameter_set_id", maximum: 31)

        var chromaFormatIDC: UInt32 = 1
        var separateColourPlane = false
        if Self.highProfiles.contains(profileIDC) {
            chromaFormatIDC = try reader.unsigned("chroma_format_idc", maximum: 3)
            if chromaFormatIDC == 3 {
                separateColourPlane = try reader.flag("separate_colour_plane_flag")
            }
            bitDepthLumaMinus8 = UInt8(try reader.unsigned("bit_depth_luma_minus8", maximum: 6))
            bitDepthChromaMinus8 = UInt8(try reader.unsigned("bit_depth_chroma_minus8", maximum: 6))
            _ = try reader.flag("qpprime_y_zero_transform_bypass_flag")
            if try reader.flag("seq_scaling_matrix_present_flag") {
                for list in 0..<(chromaFormatIDC == 3 ? 12 : 8) {
                    if try reader.flag("seq_scaling_list_present_flag[\(list)]") {
                        try Self.skipScalingList(size: list < 6 ? 16 : 64, reader: &reader)
                    }
                }
            }
        }

        self.chromaFormatIDC = UInt8(chromaFormatIDC)
        _ = try reader.unsigned("log2_max_frame_num_minus4", maximum: 12)
        switch try reader.unsigned("pic_order_cnt_type", maximum: 2) {
        case 0:
            _ = try reader.unsigned("log2_max_pic_order_cnt_lsb_minus4", maximum: 12)
        case 1:
            let int32Range: ClosedRange<Int64> = -Int64(Int32.max)...Int64(Int32.max)
            _ = try reader.flag("delta_pic_order_always_zero_flag")
            _ = try reader.signed("offset_for_non_ref_pic", in: int32Range)
            _ = try reader.signed("offset_for_top_to_bottom_field", in: int32Range)
            let cycle = try reader.unsigned("num_ref_frames_in_pic_order_cnt_cycle", maximum: 255)
            for index in 0..<cycle {
                _ = try reader.signed("offset_for_ref_frame[\(index)]", in: int32Range)
            }
        default:
            break
        }
        _ = try reader.unsigned("max_num_ref_frames", maximum: 16)
        _ = try reader.flag("gaps_in_frame_num_value_allowed_flag")

        let maximumMacroblocks = Self.maximumFrameSizeInMacroblocks - 1
        let widthInMacroblocks = Int(try reader.unsigned("pic_width_in_mbs_minus1", maximum: maximumMacroblocks)) + 1
        let heightInMapUnits =
            Int(try reader.unsigned("pic_height_in_map_units_minus1", maximum: maximumMacroblocks)) + 1
        let frameMBsOnly = try reader.flag("frame_mbs_only_flag")
        if !frameMBsOnly {
            _ = try reader.flag("mb_adaptive_frame_field_flag")
        }
        _ = try reader.flag("direct_8x8_inference_flag")

        // §7.4.2.1.1: with frame_mbs_only_flag 0 a map unit is a macroblock pair, two rows tall.
        let frameWidth = widthInMacroblocks * 16
        let frameHeight = (frameMBsOnly ? 1 : 2) * heightInMapUnits * 16
        width = frameWidth
        height = frameHeight
        let croppingStart = reader.bitPosition
        if try reader.flag("frame_cropping_flag") {
            // Equations 7-19 to 7-22: offsets count chroma samples, so the unit follows chroma subsampling.
            let chromaArrayType = separateColourPlane ? 0 : chromaFormatIDC
            let cropUnitX = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1
            let subHeightC = chromaArrayType == 1 ? 2 : 1
            let cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMBsOnly ? 1 : 2)
            let left = Int(try reader.unsigned("frame_crop_left_offset"))
            let right = Int(try reader.unsigned("frame_crop_right_offset"))
            let top = Int(try reader.unsigned("frame_crop_top_offset"))
            let bottom = Int(try reader.unsigned("frame_crop_bottom_offset"))
            width = frameWidth - cropUnitX * (left + right)
            height = frameHeight - cropUnitY * (top + bottom)
            guard width > 0, height > 0 else {
                throw .invalid(
                    "SPS frame cropping at bit \(croppingStart) leaves \(width)x\(height)"
                        + " of a \(frameWidth)x\(frameHeight) frame"
                )
            }
        }
    }

    /// Reads past one `scaling_list()` (§7.3.2.1.1.1); the values only matter to a decoder.
    private static func skipScalingList(size: Int, reader: inout RBSPReader) throws(H264Error) {
        var lastScale: Int64 = 8
        var nextScale: Int64 = 8
        for index in 0..<size {
            if nextScale != 0 {
                let delta = try reader.signed("delta_scale[\(index)]", in: -128...127)
                nextScale = (lastScale + delta + 256) % 256
            }
            if nextScale != 0 {
                lastScale = nextScale
            }
        }
    }
}
