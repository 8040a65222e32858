extension ReportBlock {
    /// The round-trip time between us (the sender of the SR this block answers) and the receiver that sent the
    /// block: A − LSR − DLSR, in units of 1/65 536 s, where A is the middle 32 bits of the block's arrival time.
    ///
    /// Only our own clock is involved (LSR echoes our SR timestamp, DLSR is a duration), so no clock
    /// synchronisation is needed. Arithmetic is modulo 2³², as the 32-bit clock wraps every 18.2 hours.
    ///
    /// Returns `nil` when LSR is 0 (the receiver has not yet seen a sender report), or when the receiver's delay
    /// exceeds the time since our report was sent, which only a bogus or reordered block can produce.
    ///
    /// Specification: RFC 3550 §6.4.1
    public func roundTripTime(arrivedAt arrival: NTPTimestamp) -> UInt32? {
        guard lastSenderReport != 0 else { return nil }
        let sinceReport = arrival.middle32 &- lastSenderReport
        guard Int32(bitPattern: sinceReport) >= 0, sinceReport >= delaySinceLastSenderReport else { return nil }
        return sinceReport - delaySinceLastSenderReport
    }
}
