import NIOCore
import RTCP

/// One playing (or about to play) client of a stream, as the fan-out sees it.
final class Viewer {
    let sessionID: String
    let transport: any RTPTransport
    /// A viewer receives nothing until an access unit it can decode from: SPS, PPS, IDR.
    var awaitingKeyframe = true
    /// Access units this viewer never saw because its queue was full: the one that did not fit, and those
    /// skipped until the keyframe it restarts from.
    var droppedAccessUnits = 0
    /// True from a drop until the viewer has been sent a keyframe again.
    var recovering = false
    /// RTP packets and payload octets sent to this viewer, for its sender reports (RFC 3550 §6.4.1: what
    /// this RTP session carried, so a viewer that joined late is not told of packets it was never sent).
    var packetCount: UInt32 = 0
    var octetCount: UInt32 = 0
    /// What its client's receiver reports said.
    var reception = ReceptionStatistics()

    init(sessionID: String, transport: any RTPTransport) {
        self.sessionID = sessionID
        self.transport = transport
    }

    func countSent(_ packets: [ByteBuffer], payloadOctets: Int) {
        packetCount &+= UInt32(truncatingIfNeeded: packets.count)
        octetCount &+= UInt32(truncatingIfNeeded: payloadOctets)
    }
}

