/// Where one sample sits on the track's timeline: what `mfhd`, `tfdt` and `trun` say about it.
public struct FMP4Fragment: Sendable, Hashable {
    /// `mfhd` sequence number: increases by one per fragment of a stream.
    public var sequenceNumber: UInt32
    /// `tfdt`: the sample's decode time in 90 kHz ticks since the timeline's start, 64 bits so a stream can
    /// run for years (32 bits of 90 kHz wrap after 13 hours).
    public var baseMediaDecodeTime: UInt64
    /// The sample's duration in 90 kHz ticks.
    public var sampleDuration: UInt32

    public init(sequenceNumber: UInt32, baseMediaDecodeTime: UInt64, sampleDuration: UInt32) {
        self.sequenceNumber = sequenceNumber
        self.baseMediaDecodeTime = baseMediaDecodeTime
        self.sampleDuration = sampleDuration
    }
}
