import NIOConcurrencyHelpers
import Prometheus

/// camstream's Prometheus metrics: one registry, every family registered here with its help text, so that
/// `/metrics` says what each figure means and a name is never registered twice with different help or labels
/// (swift-prometheus stops the process on either). Handles are typed: a counter is only ever incremented, a
/// gauge set. Made by the executable before the sources, which count their frames into it
/// (`stream(_:)`), and handed to the server in its configuration.
///
/// Names follow Prometheus' conventions: `camstream_` prefix, base units (`_seconds`, `_bytes`), `_total` on
/// counters, and the standard `process_*` names for the process itself.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let streams = NIOLockedValueBox<[String: StreamMetrics]>([:])
    private let refusals: [SessionRefusalReason: Counter]
    private let connectionRefusals: [ConnectionRefusalReason: Counter]
    private let failedLogins: [LoginProtocol: Counter]
    private let process: ProcessMetrics

    /// x264 at 640x480 takes 1–5 ms a frame on one core; a frame period at 30 fps is 33 ms.
    static let encodeBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
        .milliseconds(50), .milliseconds(100), .milliseconds(250),
    ]
    /// Interarrival jitter a client reports: under 1 ms on a LAN, tens of ms on a loaded Wi-Fi.
    static let jitterBuckets: [Double] = [0.0005, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5]
    /// RFC 3550's fraction lost, 0…1: 0 is the healthy bucket, 1 % is a visibly broken picture.
    static let fractionLostBuckets: [Double] = [0, 0.001, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1]

    public init() {
        let registry = self.registry
        refusals = Self.counters(
            "sessions_refused", label: "reason", registry: registry,
            help: "Viewers refused a session (RTSP SETUP or browser WebSocket), by the limit or state that refused them.")
        connectionRefusals = Self.counters(
            "connections_refused", label: "reason", registry: registry,
            help: "TCP connections (RTSP or HTTP) closed on arrival, by the connection limit they would have broken.")
        failedLogins = Self.counters(
            "failed_logins", label: "protocol", registry: registry,
            help: "Requests with wrong credentials (not counting a client's first unauthenticated try), by protocol.")
        process = ProcessMetrics(registry: registry)
    }

    /// The metrics of one stream, made the first time they are asked for.
    public func stream(_ path: String) -> StreamMetrics {
        streams.withLockedValue { streams in
            if let existing = streams[path] { return existing }
            let made = StreamMetrics(path: path, registry: registry)
            streams[path] = made
            return made
        }
    }

    func sessionRefused(_ reason: SessionRefusalReason) {
        refusals[reason]?.increment()
    }

    func connectionRefused(_ reason: ConnectionRefusalReason) {
        connectionRefusals[reason]?.increment()
    }

    func loginFailed(_ login: LoginProtocol) {
        failedLogins[login]?.increment()
    }

    /// The text exposition (format 0.0.4) after setting the gauges that are read, not counted: viewers now
    /// playing, and the process' own figures (nil leaves them as last read). Families in name order, series in
    /// label order, so the same state always reads the same.
    func exposition(viewers: [ViewerCount], process figures: ProcessFigures?, version: String) -> String {
        let byStream = streams.withLockedValue { $0 }
        for (path, metrics) in byStream {
            for transport in ViewerTransportKind.allCases {
                let count = viewers.reduce(0) { $0 + ($1.stream == path && $1.transport == transport ? $1.count : 0) }
                metrics.viewers[transport]?.set(Int64(count))
            }
        }
        registry.makeGauge(
            descriptor: Self.name("build", unit: "info", help: "Always 1; the label says which camstream is running."),
            labels: [("version", version)]
        ).set(Int64(1))
        if let figures { process.update(figures) }
        return MetricsExposition.canonical(registry.emitToString())
    }

    /// One counter family with a series for every value of `Label`, all present from the start at 0, so that a
    /// dashboard sees a rate of 0 rather than no series.
    private static func counters<Label: CaseIterable & RawRepresentable & Hashable>(
        _ name: String, label: String, registry: PrometheusCollectorRegistry, help: String
    ) -> [Label: Counter] where Label.RawValue == String {
        Dictionary(
            uniqueKeysWithValues: Label.allCases.map { value in
                (value, registry.makeCounter(descriptor: Self.name(name, unit: "total", help: help), labels: [(label, value.rawValue)]))
            })
    }

    static func name(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "camstream", metricName: name, unitName: unit, helpText: help)
    }
}

/// Playing viewers of one stream over one kind of transport.
struct ViewerCount: Hashable {
    var stream: String
    var transport: ViewerTransportKind
    var count: Int
}

/// The `transport` label of `camstream_viewers`.
enum ViewerTransportKind: String, CaseIterable, Sendable {
    case udp, tcp, multicast, websocket
}

/// The `reason` label of `camstream_sessions_refused_total`: one per limit or state that refuses a viewer.
enum SessionRefusalReason: String, CaseIterable, Sendable {
    /// `limits.max_viewers_per_stream`.
    case streamViewerLimit = "stream_viewer_limit"
    /// `limits.max_viewers`.
    case serverViewerLimit = "server_viewer_limit"
    /// `limits.max_sessions_per_address`.
    case addressSessionLimit = "address_session_limit"
    /// The stream's source has ended.
    case streamEnded = "stream_ended"
    /// No free RTP port pair in `rtp_ports`, or a UDP socket that would not open.
    case noRTPPorts = "no_rtp_ports"
}

/// The `reason` label of `camstream_connections_refused_total`: a flood of connections shows here before it
/// shows anywhere else, since a refused connection never gets as far as a request.
enum ConnectionRefusalReason: String, CaseIterable, Sendable {
    /// `limits.max_connections`.
    case serverConnectionLimit = "server_connection_limit"
    /// `limits.max_connections_per_address`.
    case addressConnectionLimit = "address_connection_limit"
}

/// The `protocol` label of `camstream_failed_logins_total`.
enum LoginProtocol: String, CaseIterable, Sendable {
    case rtsp, http
}
