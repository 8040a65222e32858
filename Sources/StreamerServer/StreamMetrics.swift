import Prometheus

/// The metrics of one stream, each series labelled `stream="PATH"`: what its source captured, encoded and
/// dropped, what was sent to its viewers, and what their clients reported back.
public struct StreamMetrics: Sendable {
    public let framesCaptured: Counter
    public let framesEncoded: Counter
    public let framesDropped: Counter
    public let encodeDuration: DurationHistogram
    let rtpPacketsSent: Counter
    let rtpBytesSent: Counter
    let receiverJitter: ValueHistogram
    let receiverLoss: ValueHistogram
    let receiverLostPackets: Counter
    let viewers: [ViewerTransportKind: Gauge]

    init(path: String, registry: PrometheusCollectorRegistry) {
        let stream = [("stream", path)]
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: ServerMetrics.name(name, unit: "total", help: help), labels: stream)
        }
        framesCaptured = counter("frames_captured", "Frames the source delivered: dequeued from the camera, or drawn by the test pattern.")
        framesEncoded = counter("frames_encoded", "Frames x264 encoded (none while a camera's own H.264 is passed through).")
        framesDropped = counter("frames_dropped", "Frames lost before the encoder: dropped by the driver, stale, corrupt or short.")
        encodeDuration = registry.makeDurationHistogram(
            descriptor: ServerMetrics.name("encode_duration", unit: "seconds", help: "Time x264 took to encode one frame."),
            labels: stream, buckets: ServerMetrics.encodeBuckets)
        rtpPacketsSent = counter("rtp_packets_sent", "RTP packets sent to RTSP viewers (one per multicast group, not per member).")
        rtpBytesSent = registry.makeCounter(
            descriptor: ServerMetrics.name(
                "rtp_payload_sent", unit: "bytes_total", help: "RTP payload bytes sent to RTSP viewers (one copy per multicast group)."),
            labels: stream)
        receiverJitter = registry.makeValueHistogram(
            descriptor: ServerMetrics.name(
                "receiver_jitter", unit: "seconds", help: "Interarrival jitter in viewers' RTCP receiver reports (RFC 3550 6.4.1)."),
            labels: stream, buckets: ServerMetrics.jitterBuckets)
        receiverLoss = registry.makeValueHistogram(
            descriptor: ServerMetrics.name(
                "receiver_loss", unit: "ratio",
                help: "Share of packets lost since the previous report, 0 to 1, in viewers' RTCP receiver reports."),
            labels: stream, buckets: ServerMetrics.fractionLostBuckets)
        receiverLostPackets = registry.makeCounter(
            descriptor: ServerMetrics.name(
                "receiver_lost_packets", unit: "total",
                help: "Packets viewers' receiver reports say were lost (the rises of each viewer's cumulative count)."),
            labels: stream)
        viewers = Dictionary(
            uniqueKeysWithValues: ViewerTransportKind.allCases.map { transport in
                (
                    transport,
                    registry.makeGauge(
                        descriptor: ServerMetrics.name("viewers", unit: "", help: "Viewers playing now, by transport."),
                        labels: stream + [("transport", transport.rawValue)])
                )
            })
    }
}
