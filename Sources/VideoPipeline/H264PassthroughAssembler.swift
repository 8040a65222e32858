import H264
import NIOCore

/// Turns the buffers of a camera that encodes H.264 itself into access units for the server.
///
/// Each V4L2 buffer holds one Annex-B coded frame. It is copied once (the buffer goes back to the
/// driver at once) and split into NAL units without another copy. Cameras differ in whether SPS and
/// PPS precede every IDR; a joining viewer needs them there, so an IDR without them gets the last
/// ones seen put in front, and any new ones become the stream's parameter sets (for DESCRIBE).
public struct H264PassthroughAssembler {
    /// The last SPS and PPS the camera sent.
    public private(set) var parameterSets: ParameterSets?
    private let allocator = ByteBufferAllocator()

    public init(parameterSets: ParameterSets? = nil) {
        self.parameterSets = parameterSets
    }

    /// The access unit in one buffer, nil when the buffer holds no NAL unit.
    public mutating func accessUnit(from bytes: UnsafeRawBufferPointer, captureTime: UInt64) -> AccessUnit? {
        var buffer = allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        var nalUnits = AnnexB.nalUnits(in: buffer)
        guard !nalUnits.isEmpty else { return nil }
        if let sets = ParameterSets(nalUnits: nalUnits) { parameterSets = sets }
        let accessUnit = AccessUnit(nalUnits: nalUnits, captureTime: captureTime)
        guard accessUnit.isIDR, !accessUnit.startsDecoding, let sets = parameterSets else { return accessUnit }
        nalUnits.insert(contentsOf: [ByteBuffer(bytes: sets.sps), ByteBuffer(bytes: sets.pps)], at: 0)
        return AccessUnit(nalUnits: nalUnits, captureTime: captureTime)
    }
}
