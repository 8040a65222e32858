import NIOCore

/// The initialization segment: `ftyp` and a `moov` that describes one H.264 track and announces that the
/// samples follow in movie fragments (`mvex`), so a player can be handed fragments one by one.
extension ByteBuffer {
    /// Writes `ftyp` + `moov` for `track`.
    ///
    /// Specification: ISO/IEC 14496-12 §8.16.2 (initialization segment), ISO/IEC 23009-1 style live profile
    public mutating func writeInitializationSegment(_ track: FMP4VideoTrack) {
        writeFileType()
        writeBox("moov") { moov in
            moov.writeMovieHeader()
            moov.writeTrack(track)
            moov.writeBox("mvex") { mvex in mvex.writeTrackExtends() }
        }
    }

    /// Brands a reader checks before it reads on: ISO base media with fragments (`iso6`), AVC (`avc1`).
    ///
    /// Specification: ISO/IEC 14496-12 §4.3 (`ftyp`)
    mutating func writeFileType() {
        writeBox("ftyp") { box in
            box.writeInteger(FourCharacterCode("isom").rawValue)  // major_brand
            box.writeInteger(UInt32(0x200))  // minor_version
            for brand: FourCharacterCode in ["isom", "iso6", "avc1", "mp41"] {
                box.writeInteger(brand.rawValue)  // compatible_brands
            }
        }
    }

    /// Duration 0: a live movie has no known length; every sample lives in a fragment.
    ///
    /// Specification: ISO/IEC 14496-12 §8.2.2 (`mvhd`)
    mutating func writeMovieHeader() {
        writeFullBox("mvhd", version: 0, flags: 0) { box in
            box.writeInteger(UInt32(0))  // creation_time
            box.writeInteger(UInt32(0))  // modification_time
            box.writeInteger(UInt32(1000))  // timescale
            box.writeInteger(UInt32(0))  // duration
            box.writeInteger(UInt32(0x0001_0000))  // rate 1.0
            box.writeInteger(UInt16(0x0100))  // volume 1.0
            box.writeZeros(2 + 4 * 2)  // reserved
            box.writeUnityMatrix()
            box.writeZeros(6 * 4)  // pre_defined
            box.writeInteger(FMP4VideoTrack.trackID + 1)  // next_track_ID
        }
    }

    /// Specification: ISO/IEC 14496-12 §8.3.1 (`trak`)
    mutating func writeTrack(_ track: FMP4VideoTrack) {
        writeBox("trak") { trak in
            trak.writeTrackHeader(track)
            trak.writeBox("mdia") { mdia in
                mdia.writeMediaHeader()
                mdia.writeHandlerReference()
                mdia.writeBox("minf") { minf in
                    minf.writeVideoMediaHeader()
                    minf.writeDataInformation()
                    minf.writeSampleTable(track)
                }
            }
        }
    }

    /// Flags 3: track enabled and in the movie. Width and height are 16.16 fixed point, from the SPS.
    ///
    /// Specification: ISO/IEC 14496-12 §8.3.2 (`tkhd`)
    mutating func writeTrackHeader(_ track: FMP4VideoTrack) {
        writeFullBox("tkhd", version: 0, flags: 0x3) { box in
            box.writeInteger(UInt32(0))  // creation_time
            box.writeInteger(UInt32(0))  // modification_time
            box.writeInteger(FMP4VideoTrack.trackID)
            box.writeZeros(4)  // reserved
            box.writeInteger(UInt32(0))  // duration
            box.writeZeros(4 * 2)  // reserved
            box.writeInteger(UInt16(0))  // layer
            box.writeInteger(UInt16(0))  // alternate_group
            box.writeInteger(UInt16(0))  // volume: 0 for video
            box.writeZeros(2)  // reserved
            box.writeUnityMatrix()
            box.writeInteger(UInt32(truncatingIfNeeded: track.sequenceParameterSet.width) << 16)
            box.writeInteger(UInt32(truncatingIfNeeded: track.sequenceParameterSet.height) << 16)
        }
    }

    /// The track's timescale is 90 kHz; language "und" (ISO 639-2/T, three 5-bit letters − 0x60).
    ///
    /// Specification: ISO/IEC 14496-12 §8.4.2 (`mdhd`)
    mutating func writeMediaHeader() {
        writeFullBox("mdhd", version: 0, flags: 0) { box in
            box.writeInteger(UInt32(0))  // creation_time
            box.writeInteger(UInt32(0))  // modification_time
            box.writeInteger(FMP4VideoTrack.timescale)
            box.writeInteger(UInt32(0))  // duration
            box.writeInteger(UInt16(0x55C4))  // pad 0, language "und"
            box.writeInteger(UInt16(0))  // pre_defined
        }
    }

    /// Specification: ISO/IEC 14496-12 §8.4.3 (`hdlr`)
    mutating func writeHandlerReference() {
        writeFullBox("hdlr", version: 0, flags: 0) { box in
            box.writeInteger(UInt32(0))  // pre_defined
            box.writeInteger(FourCharacterCode("vide").rawValue)  // handler_type
            box.writeZeros(3 * 4)  // reserved
            box.writeString("camstream\0")  // name, null-terminated UTF-8
        }
    }

    /// Specification: ISO/IEC 14496-12 §12.1.2 (`vmhd`; flags 1 as required)
    mutating func writeVideoMediaHeader() {
        writeFullBox("vmhd", version: 0, flags: 0x1) { box in
            box.writeInteger(UInt16(0))  // graphicsmode: copy
            box.writeZeros(3 * 2)  // opcolor
        }
    }

    /// One `url ` entry with flag 1: the media is in this same file (stream).
    ///
    /// Specification: ISO/IEC 14496-12 §8.7.1 (`dinf`), §8.7.2 (`dref`, `url `)
    mutating func writeDataInformation() {
        writeBox("dinf") { dinf in
            dinf.writeFullBox("dref", version: 0, flags: 0) { dref in
                dref.writeInteger(UInt32(1))  // entry_count
                dref.writeFullBox("url ", version: 0, flags: 0x1) { _ in }
            }
        }
    }

    /// The sample description, and empty tables: the samples themselves are in the fragments.
    ///
    /// Specification: ISO/IEC 14496-12 §8.5.1 (`stbl`), §8.5.2 (`stsd`), §8.6.1.2 (`stts`), §8.7.4 (`stsc`),
    /// §8.7.3.2 (`stsz`), §8.7.5 (`stco`)
    mutating func writeSampleTable(_ track: FMP4VideoTrack) {
        writeBox("stbl") { stbl in
            stbl.writeFullBox("stsd", version: 0, flags: 0) { stsd in
                stsd.writeInteger(UInt32(1))  // entry_count
                stsd.writeAVCSampleEntry(track)
            }
            stbl.writeFullBox("stts", version: 0, flags: 0) { $0.writeInteger(UInt32(0)) }
            stbl.writeFullBox("stsc", version: 0, flags: 0) { $0.writeInteger(UInt32(0)) }
            stbl.writeFullBox("stsz", version: 0, flags: 0) { box in
                box.writeInteger(UInt32(0))  // sample_size
                box.writeInteger(UInt32(0))  // sample_count
            }
            stbl.writeFullBox("stco", version: 0, flags: 0) { $0.writeInteger(UInt32(0)) }
        }
    }

    /// Defaults the fragments override sample by sample (every `trun` carries duration, size and flags).
    ///
    /// Specification: ISO/IEC 14496-12 §8.8.3 (`trex`)
    mutating func writeTrackExtends() {
        writeFullBox("trex", version: 0, flags: 0) { box in
            box.writeInteger(FMP4VideoTrack.trackID)
            box.writeInteger(UInt32(1))  // default_sample_description_index
            box.writeInteger(UInt32(0))  // default_sample_duration
            box.writeInteger(UInt32(0))  // default_sample_size
            box.writeInteger(UInt32(0))  // default_sample_flags
        }
    }
}
