import NIOCore

/// One coded picture: every NAL unit of one frame, with the capture time of the frame.
///
/// The unit sources hand to the server: RTP gives all packets of one access unit the same timestamp
/// (RFC 6184 §5.1), and a joining viewer must be started on one that begins decoding.
///
/// Specification: ITU-T H.264 §7.4.1.2.3
public struct AccessUnit: Sendable {
    /// NAL units without start codes, in decoding order.
    public var nalUnits: [ByteBuffer]
    /// Capture time, nanoseconds on CLOCK_MONOTONIC (the clock V4L2 buffer timestamps use), so RTP
    /// timestamps follow the camera rather than the moment encoding finished.
    public var captureTime: UInt64

    public init(nalUnits: [ByteBuffer], captureTime: UInt64) {
        self.nalUnits = nalUnits
        self.captureTime = captureTime
    }

    /// True when the access unit holds an IDR slice, after which no earlier picture is referenced.
    public var isIDR: Bool {
        nalUnitTypes.contains(.idrSlice)
    }

    /// True when it holds SPS, PPS and an IDR slice, in that order (what a joining viewer needs first).
    /// Other NAL units (delimiters, SEI) may sit between them.
    public var startsDecoding: Bool {
        let needed: [NALUnitType] = [.sps, .pps, .idrSlice]
        var found = 0
        for type in nalUnitTypes where found < needed.count && type == needed[found] {
            found += 1
        }
        return found == needed.count
    }

    private var nalUnitTypes: some Sequence<NALUnitType> {
        nalUnits.lazy.compactMap { nalUnit in
            nalUnit.getInteger(at: nalUnit.readerIndex, as: UInt8.self).map { NALUnitHeader(byte: $0).type }
        }
    }
}
