import Logging
import RTP

/// One viewer as the server sees it: what was sent to it and what its client reported back. Logged when the
/// viewer leaves, and readable while it watches through `RTSPServer.viewerStatistics()`, so an operator (or a
/// test) can tell a lossy Wi-Fi viewer from a healthy one.
public struct ViewerStatistics: Sendable, Hashable {
    public var sessionID: String
    public var streamPath: String
    /// e.g. "udp 192.168.1.20:5000-5001", "tcp interleaved=0-1", "multicast 239.1.2.3:5004".
    public var transport: String
    public var isPlaying: Bool
    /// RTP packets and payload octets sent to this viewer (to its multicast group, for multicast viewers).
    public var packetsSent: UInt32
    public var payloadOctetsSent: UInt32
    /// Access units dropped whole because the viewer could not take them (a slow TCP viewer).
    public var droppedAccessUnits: Int
    /// RTCP receiver reports about our stream received from the client.
    public var receiverReports: Int
    /// Share of packets lost since the client's previous report, 0…1 (RFC 3550 "fraction lost" ÷ 256).
    public var fractionLost: Double?
    /// Packets lost since the client started receiving (negative when duplicates outnumber losses).
    public var cumulativeLost: Int?
    /// Interarrival jitter as the client estimates it, in seconds (RTP units ÷ 90 kHz).
    public var jitterSeconds: Double?
    /// Round-trip time from the client's LSR/DLSR fields, in seconds.
    public var roundTripSeconds: Double?

    init(session: RTSPSession) {
        let viewer = session.viewer
        sessionID = session.id
        streamPath = session.stream.path
        transport = viewer.transport.description
        isPlaying = session.state == .playing
        packetsSent = viewer.packetCount
        payloadOctetsSent = viewer.octetCount
        droppedAccessUnits = viewer.droppedAccessUnits
        receiverReports = viewer.reception.reportCount
        if let block = viewer.reception.latest {
            fractionLost = Double(block.fractionLost) / 256
            cumulativeLost = Int(block.cumulativeLost)
            jitterSeconds = Double(block.jitter) / Double(RTPClock.h264ClockRate)
        }
        roundTripSeconds = viewer.reception.roundTripSeconds
    }

    /// The figures as log metadata, under dotted `viewer.*` keys.
    var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "rtsp.session": "\(sessionID)", "rtp.transport": "\(transport)",
            "viewer.packets_sent": "\(packetsSent)", "viewer.octets_sent": "\(payloadOctetsSent)",
            "viewer.dropped_access_units": "\(droppedAccessUnits)", "viewer.receiver_reports": "\(receiverReports)",
        ]
        if let fractionLost { metadata["viewer.fraction_lost"] = "\(fractionLost)" }
        if let cumulativeLost { metadata["viewer.cumulative_lost"] = "\(cumulativeLost)" }
        if let jitterSeconds { metadata["viewer.jitter_ms"] = "\(Self.milliseconds(jitterSeconds))" }
        if let roundTripSeconds { metadata["viewer.rtt_ms"] = "\(Self.milliseconds(roundTripSeconds))" }
        return metadata
    }

    /// Milliseconds with one decimal, e.g. "0.4".
    private static func milliseconds(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10_000).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
