import RTCP

/// One playing (or about to play) client of a stream, as the fan-out sees it.
final class Viewer {
    let sessionID: String
    let transport: any RTPTransport
    /// A viewer receives nothing until an access unit it can decode from: SPS, PPS, IDR.
    var awaitingKeyframe = true
    /// Access units this viewer could not take (full send buffer) and so never saw.
    var droppedAccessUnits = 0
    /// The latest reception report this viewer's client sent about our stream, with the round-trip
    /// time derived from it (RFC 3550 §6.4.1), in seconds.
    var lastReport: ReportBlock?
    var roundTripSeconds: Double?

    init(sessionID: String, transport: any RTPTransport) {
        self.sessionID = sessionID
        self.transport = transport
    }
}
