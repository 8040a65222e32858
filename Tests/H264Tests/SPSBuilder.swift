/// Writes an SPS from chosen field values (ITU-T H.264 §7.3.2.1.1), for the syntax paths and error cases
/// that real x264 output does not reach. VUI is omitted, which the parser does not read.
struct SPSBuilder {
    var profileIDC: UInt8 = 66
    var levelIDC: UInt8 = 30
    /// Written only for high profiles.
    var chromaFormatIDC: UInt64 = 1
    var separateColourPlane = false
    /// nil: no scaling matrix. Otherwise one entry per list; nil entries are absent lists, others hold
    /// the exact `delta_scale` values the parser will read.
    var scalingLists: [[Int64]?]?
    var picOrderCntType: UInt64 = 0
    var offsetForNonRefPic: Int64 = 0
    var offsetsForRefFrame: [Int64] = []
    var widthInMacroblocks: UInt64 = 20
    var heightInMapUnits: UInt64 = 15
    var frameMBsOnly = true
    /// left, right, top, bottom
    var cropping: [UInt64]?

    var nalUnit: [UInt8] {
        var bits = BitWriter()
        bits.bits(UInt64(profileIDC), count: 8)
        bits.bits(0, count: 8)
        bits.bits(UInt64(levelIDC), count: 8)
        bits.unsigned(0)  // seq_parameter_set_id
        if [100, 110, 122, 244].contains(profileIDC) {
            bits.unsigned(chromaFormatIDC)
            if chromaFormatIDC == 3 {
                bits.flag(separateColourPlane)
            }
            bits.unsigned(0)  // bit_depth_luma_minus8
            bits.unsigned(0)  // bit_depth_chroma_minus8
            bits.flag(false)  // qpprime_y_zero_transform_bypass_flag
            bits.flag(scalingLists != nil)
            for list in scalingLists ?? [] {
                bits.flag(list != nil)
                for delta in list ?? [] {
                    bits.signed(delta)
                }
            }
        }
        bits.unsigned(0)  // log2_max_frame_num_minus4
        bits.unsigned(picOrderCntType)
        if picOrderCntType == 0 {
            bits.unsigned(0)  // log2_max_pic_order_cnt_lsb_minus4
        } else if picOrderCntType == 1 {
            bits.flag(false)  // delta_pic_order_always_zero_flag
            bits.signed(offsetForNonRefPic)
            bits.signed(-1)  // offset_for_top_to_bottom_field
            bits.unsigned(UInt64(offsetsForRefFrame.count))
            for offset in offsetsForRefFrame {
                bits.signed(offset)
            }
        }
        bits.unsigned(1)  // max_num_ref_frames
        bits.flag(false)  // gaps_in_frame_num_value_allowed_flag
        bits.unsigned(widthInMacroblocks - 1)
        bits.unsigned(heightInMapUnits - 1)
        bits.flag(frameMBsOnly)
        if !frameMBsOnly {
            bits.flag(true)  // mb_adaptive_frame_field_flag
        }
        bits.flag(true)  // direct_8x8_inference_flag
        bits.flag(cropping != nil)
        for offset in cropping ?? [] {
            bits.unsigned(offset)
        }
        bits.flag(false)  // vui_parameters_present_flag
        return bits.nalUnit(header: 0x67)
    }
}
