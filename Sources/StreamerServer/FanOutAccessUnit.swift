import FMP4
import H264
import NIOCore

/// One access unit as the fan-out hands it to every viewer's transport: its RTP packets, made once for all RTP
/// viewers, and the access unit itself with its place on the fMP4 timeline, whose `moof`+`mdat` is made at most
/// once, by the first browser viewer that needs it, and then shared by all of them.
final class FanOutAccessUnit {
    let packets: [ByteBuffer]
    let accessUnit: AccessUnit
    let fragment: FMP4Fragment
    private var segment: ByteBuffer??

    init(packets: [ByteBuffer], accessUnit: AccessUnit, fragment: FMP4Fragment) {
        self.packets = packets
        self.accessUnit = accessUnit
        self.fragment = fragment
    }

    /// `moof` + `mdat`, or nil for an access unit with nothing to decode (parameter sets alone).
    var mediaSegment: ByteBuffer? {
        if let segment { return segment }
        var made: ByteBuffer?
        if let sample = FMP4Sample(nalUnits: accessUnit.nalUnits) {
            var buffer = ByteBufferAllocator().buffer(capacity: sample.data.readableBytes + 128)
            buffer.writeMediaSegment(fragment, sample: sample)
            made = buffer
        }
        segment = .some(made)
        return made
    }
}
