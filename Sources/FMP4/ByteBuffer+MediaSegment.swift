import NIOCore

/// One movie fragment per access unit: `moof` says when the sample plays, how long it is and whether
/// decoding can start there; `mdat` holds it. A player appends each one as it arrives, so the browser is
/// never more than one frame behind what the server has sent.
extension ByteBuffer {
    /// Flags of a sample a decoder can start at (sample_depends_on = 2: depends on no other) and of one
    /// that cannot (sample_depends_on = 1, sample_is_non_sync_sample = 1).
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.3.1 (sample flags)
    static let syncSampleFlags: UInt32 = 0x0200_0000
    static let nonSyncSampleFlags: UInt32 = 0x0101_0000

    /// `moof` + `mdat` for one sample.
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.4 (`moof`), §8.1.1 (`mdat`)
    public mutating func writeMediaSegment(_ fragment: FMP4Fragment, sample: FMP4Sample) {
        let moofStart = writerIndex
        let sampleSize = UInt32(truncatingIfNeeded: sample.data.readableBytes)
        var dataOffsetAt = 0
        writeBox("moof") { moof in
            moof.writeMovieFragmentHeader(sequenceNumber: fragment.sequenceNumber)
            moof.writeBox("traf") { traf in
                traf.writeTrackFragmentHeader()
                traf.writeTrackFragmentDecodeTime(fragment.baseMediaDecodeTime)
                dataOffsetAt = traf.writeTrackRun(duration: fragment.sampleDuration, size: sampleSize, isSync: sample.isSync)
            }
        }
        // data_offset counts from the start of `moof` (default-base-is-moof) to the sample: past `moof` and
        // the 8-byte `mdat` header.
        setInteger(UInt32(truncatingIfNeeded: writerIndex - moofStart + 8), at: dataOffsetAt)
        writeBox("mdat") { mdat in mdat.writeImmutableBuffer(sample.data) }
    }

    /// Specification: ISO/IEC 14496-12 §8.8.5 (`mfhd`)
    mutating func writeMovieFragmentHeader(sequenceNumber: UInt32) {
        writeFullBox("mfhd", version: 0, flags: 0) { $0.writeInteger(sequenceNumber) }
    }

    /// Flags 0x020000 (default-base-is-moof): data offsets count from this fragment's `moof`, so each
    /// fragment stands alone, as Media Source Extensions and the CMAF profile expect.
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.7 (`tfhd`)
    mutating func writeTrackFragmentHeader() {
        writeFullBox("tfhd", version: 0, flags: 0x02_0000) { $0.writeInteger(FMP4VideoTrack.trackID) }
    }

    /// Version 1: a 64-bit decode time.
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.12 (`tfdt`)
    mutating func writeTrackFragmentDecodeTime(_ time: UInt64) {
        writeFullBox("tfdt", version: 1, flags: 0) { $0.writeInteger(time) }
    }

    /// One sample with its duration, size and flags (flags 0x000701: data-offset, sample-duration,
    /// sample-size and sample-flags present). Returns where data_offset sits, for the caller to fill in
    /// once the `moof`'s size is known.
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.8 (`trun`)
    mutating func writeTrackRun(duration: UInt32, size: UInt32, isSync: Bool) -> Int {
        var dataOffsetAt = 0
        writeFullBox("trun", version: 0, flags: 0x00_0701) { box in
            box.writeInteger(UInt32(1))  // sample_count
            dataOffsetAt = box.writerIndex
            box.writeInteger(UInt32(0))  // data_offset, filled in by the caller
            box.writeInteger(duration)
            box.writeInteger(size)
            box.writeInteger(isSync ? Self.syncSampleFlags : Self.nonSyncSampleFlags)
        }
        return dataOffsetAt
    }
}
