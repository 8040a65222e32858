import H264

/// The one H.264 track of a live fragmented MP4 stream, as its initialization segment describes it.
///
/// Everything comes from the stream's own SPS and PPS, so the size and the codec string a browser is told
/// are those of the frames it will get, whatever the camera or encoder settled on.
public struct FMP4VideoTrack: Sendable, Hashable {
    /// Media time units per second: RTP's H.264 clock (RFC 6184 §8.2.1), so a capture time maps to the same
    /// ticks for RTSP and browser viewers.
    public static let timescale: UInt32 = 90_000
    /// The track's ID in `tkhd`, `trex` and every `tfhd`: there is only one.
    static let trackID: UInt32 = 1

    public var parameterSets: ParameterSets
    public var sequenceParameterSet: SequenceParameterSet

    /// Parses the SPS; throws what is wrong with it when it cannot be read.
    public init(parameterSets: ParameterSets) throws(H264Error) {
        // avcC stores each length in 16 bits.
        guard parameterSets.sps.count <= UInt16.max, parameterSets.pps.count <= UInt16.max else {
            throw .invalid("SPS of \(parameterSets.sps.count) or PPS of \(parameterSets.pps.count) bytes is over 65535")
        }
        self.parameterSets = parameterSets
        self.sequenceParameterSet = try SequenceParameterSet(nalUnit: parameterSets.sps)
    }

    /// The RFC 6381 codec parameter, `avc1.PPCCLL`: profile_idc, the constraint flags and level_idc of the SPS
    /// in hex, e.g. "avc1.42C01F". Media Source Extensions refuse a source buffer whose codec they cannot play.
    ///
    /// Specification: RFC 6381 §3.3, ISO/IEC 14496-15 Annex E
    public var codecString: String {
        "avc1." + (parameterSets.profileLevelID ?? "000000")
    }

    /// The MIME type for `MediaSource.addSourceBuffer`, e.g. `video/mp4; codecs="avc1.42C01F"`.
    public var mimeType: String {
        "video/mp4; codecs=\"\(codecString)\""
    }
}
