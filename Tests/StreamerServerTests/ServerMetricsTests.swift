import Testing

@testable import StreamerServer

/// `/metrics`' text, exactly: names, help, labels, histogram buckets and the stable order, from a known state.
@Suite struct ServerMetricsTests {
    /// `/proc/self/stat` of a process whose command holds spaces and parentheses: utime 250, stime 50 ticks,
    /// started 12 345 ticks after boot.
    static let stat =
        "4242 (cam (test) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 5 0 12345 541814784 7954 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
    static let figures = ProcessFigures(
        statm: "132279 7954 3000 1 0 20000 0\n", stat: stat, systemStat: "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n", pageSize: 4096,
        ticksPerSecond: 100, openFileDescriptors: 17)

    @Test func procTextBecomesTheProcessFigures() throws {
        let figures = try #require(Self.figures)
        #expect(figures.virtualBytes == 132_279 * 4096)
        #expect(figures.residentBytes == 7954 * 4096)
        #expect(figures.cpuSeconds == 3.0)
        #expect(figures.startTimeSeconds == 1_700_000_123.45)
        #expect(figures.openFileDescriptors == 17)
    }

    @Test func procTextThatIsNotProcTextIsRefused() {
        let systemStat = "btime 1700000000\n"
        #expect(
            ProcessFigures(
                statm: "", stat: Self.stat, systemStat: systemStat, pageSize: 4096, ticksPerSecond: 100, openFileDescriptors: nil) == nil)
        #expect(
            ProcessFigures(
                statm: "1 2", stat: "4242 cam S 1", systemStat: systemStat, pageSize: 4096, ticksPerSecond: 100, openFileDescriptors: nil)
                == nil)
        #expect(
            ProcessFigures(
                statm: "1 2", stat: Self.stat, systemStat: "cpu 1\n", pageSize: 4096, ticksPerSecond: 100, openFileDescriptors: nil) == nil)
        #expect(
            ProcessFigures(
                statm: "1 2", stat: Self.stat, systemStat: systemStat, pageSize: 0, ticksPerSecond: 100, openFileDescriptors: nil) == nil)
        #expect(
            ProcessFigures(
                statm: "\(Int.max) 2", stat: Self.stat, systemStat: systemStat, pageSize: 4096, ticksPerSecond: 100,
                openFileDescriptors: nil)
                == nil)
    }

    @Test func theExpositionOfAKnownStateIsExact() {
        let metrics = ServerMetrics()
        let cam = metrics.stream("cam")
        _ = metrics.stream("garden")
        #expect(metrics.stream("cam").framesCaptured === cam.framesCaptured, "a stream's metrics are made once")
        cam.framesCaptured.increment(by: Int64(30))
        cam.framesEncoded.increment(by: Int64(29))
        cam.framesDropped.increment(by: Int64(1))
        cam.encodeDuration.record(.microseconds(1500))
        cam.encodeDuration.record(.milliseconds(30))
        cam.rtpPacketsSent.increment(by: Int64(120))
        cam.rtpBytesSent.increment(by: Int64(150_000))
        cam.receiverJitter.record(0.002)
        cam.receiverLoss.record(0.0)
        cam.receiverLostPackets.increment(by: Int64(3))
        metrics.sessionRefused(.serverViewerLimit)
        metrics.loginFailed(.rtsp)
        metrics.loginFailed(.rtsp)
        let viewers = [
            ViewerCount(stream: "cam", transport: .udp, count: 1), ViewerCount(stream: "cam", transport: .websocket, count: 2),
        ]
        let text = metrics.exposition(viewers: viewers, process: Self.figures, version: "1.2.3")
        #expect(text == Self.expected)
        // Twice the same: the order does not depend on the registry's dictionaries.
        #expect(metrics.exposition(viewers: viewers, process: Self.figures, version: "1.2.3") == Self.expected)
    }

    @Test func viewersWhoLeftAreCountedOut() {
        let metrics = ServerMetrics()
        _ = metrics.stream("cam")
        _ = metrics.exposition(viewers: [ViewerCount(stream: "cam", transport: .tcp, count: 4)], process: nil, version: "1")
        let text = metrics.exposition(viewers: [], process: nil, version: "1")
        #expect(text.contains("camstream_viewers{stream=\"cam\",transport=\"tcp\"} 0.0\n"))
    }

    @Test func canonicalOrderKeepsAHistogramsLinesTogether() {
        let shuffled = """
            # HELP b_seconds B.
            # TYPE b_seconds histogram
            b_seconds_bucket{stream="z",le="1.0"} 2
            b_seconds_bucket{stream="z",le="+Inf"} 2
            b_seconds_sum{stream="z"} 0.5
            b_seconds_count{stream="z"} 2
            b_seconds_bucket{stream="a",le="1.0"} 1
            b_seconds_bucket{stream="a",le="+Inf"} 1
            b_seconds_sum{stream="a"} 0.25
            b_seconds_count{stream="a"} 1
            # HELP a_total A.
            # TYPE a_total counter
            a_total 7

            """
        #expect(
            MetricsExposition.canonical(shuffled) == """
                # HELP a_total A.
                # TYPE a_total counter
                a_total 7
                # HELP b_seconds B.
                # TYPE b_seconds histogram
                b_seconds_bucket{stream="a",le="1.0"} 1
                b_seconds_bucket{stream="a",le="+Inf"} 1
                b_seconds_sum{stream="a"} 0.25
                b_seconds_count{stream="a"} 1
                b_seconds_bucket{stream="z",le="1.0"} 2
                b_seconds_bucket{stream="z",le="+Inf"} 2
                b_seconds_sum{stream="z"} 0.5
                b_seconds_count{stream="z"} 2

                """)
    }

    static let expected = """
        # HELP camstream_build_info Always 1; the label says which camstream is running.
        # TYPE camstream_build_info gauge
        camstream_build_info{version="1.2.3"} 1.0
        # HELP camstream_connections_refused_total TCP connections (RTSP or HTTP) closed on arrival, by the connection limit they would have broken.
        # TYPE camstream_connections_refused_total counter
        camstream_connections_refused_total{reason="address_connection_limit"} 0
        camstream_connections_refused_total{reason="server_connection_limit"} 0
        # HELP camstream_encode_duration_seconds Time x264 took to encode one frame.
        # TYPE camstream_encode_duration_seconds histogram
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.0005"} 0
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.001"} 0
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.002"} 1
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.005"} 1
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.01"} 1
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.02"} 1
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.05"} 2
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.1"} 2
        camstream_encode_duration_seconds_bucket{stream="cam",le="0.25"} 2
        camstream_encode_duration_seconds_bucket{stream="cam",le="+Inf"} 2
        camstream_encode_duration_seconds_sum{stream="cam"} 0.0315
        camstream_encode_duration_seconds_count{stream="cam"} 2
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.0005"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.001"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.002"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.005"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.01"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.02"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.05"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.1"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="0.25"} 0
        camstream_encode_duration_seconds_bucket{stream="garden",le="+Inf"} 0
        camstream_encode_duration_seconds_sum{stream="garden"} 0.0
        camstream_encode_duration_seconds_count{stream="garden"} 0
        # HELP camstream_failed_logins_total Requests with wrong credentials (not counting a client's first unauthenticated try), by protocol.
        # TYPE camstream_failed_logins_total counter
        camstream_failed_logins_total{protocol="http"} 0
        camstream_failed_logins_total{protocol="rtsp"} 2
        # HELP camstream_frames_captured_total Frames the source delivered: dequeued from the camera, or drawn by the test pattern.
        # TYPE camstream_frames_captured_total counter
        camstream_frames_captured_total{stream="cam"} 30
        camstream_frames_captured_total{stream="garden"} 0
        # HELP camstream_frames_dropped_total Frames lost before the encoder: dropped by the driver, stale, corrupt or short.
        # TYPE camstream_frames_dropped_total counter
        camstream_frames_dropped_total{stream="cam"} 1
        camstream_frames_dropped_total{stream="garden"} 0
        # HELP camstream_frames_encoded_total Frames x264 encoded (none while a camera's own H.264 is passed through).
        # TYPE camstream_frames_encoded_total counter
        camstream_frames_encoded_total{stream="cam"} 29
        camstream_frames_encoded_total{stream="garden"} 0
        # HELP camstream_receiver_jitter_seconds Interarrival jitter in viewers' RTCP receiver reports (RFC 3550 6.4.1).
        # TYPE camstream_receiver_jitter_seconds histogram
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.0005"} 0
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.001"} 0
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.005"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.01"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.02"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.05"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.1"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="0.5"} 1
        camstream_receiver_jitter_seconds_bucket{stream="cam",le="+Inf"} 1
        camstream_receiver_jitter_seconds_sum{stream="cam"} 0.002
        camstream_receiver_jitter_seconds_count{stream="cam"} 1
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.0005"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.001"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.005"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.01"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.02"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.05"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.1"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="0.5"} 0
        camstream_receiver_jitter_seconds_bucket{stream="garden",le="+Inf"} 0
        camstream_receiver_jitter_seconds_sum{stream="garden"} 0.0
        camstream_receiver_jitter_seconds_count{stream="garden"} 0
        # HELP camstream_receiver_loss_ratio Share of packets lost since the previous report, 0 to 1, in viewers' RTCP receiver reports.
        # TYPE camstream_receiver_loss_ratio histogram
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.0"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.001"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.01"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.02"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.05"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.1"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.25"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="0.5"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="1.0"} 1
        camstream_receiver_loss_ratio_bucket{stream="cam",le="+Inf"} 1
        camstream_receiver_loss_ratio_sum{stream="cam"} 0.0
        camstream_receiver_loss_ratio_count{stream="cam"} 1
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.0"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.001"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.01"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.02"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.05"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.1"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.25"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="0.5"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="1.0"} 0
        camstream_receiver_loss_ratio_bucket{stream="garden",le="+Inf"} 0
        camstream_receiver_loss_ratio_sum{stream="garden"} 0.0
        camstream_receiver_loss_ratio_count{stream="garden"} 0
        # HELP camstream_receiver_lost_packets_total Packets viewers' receiver reports say were lost (the rises of each viewer's cumulative count).
        # TYPE camstream_receiver_lost_packets_total counter
        camstream_receiver_lost_packets_total{stream="cam"} 3
        camstream_receiver_lost_packets_total{stream="garden"} 0
        # HELP camstream_rtp_packets_sent_total RTP packets sent to RTSP viewers (one per multicast group, not per member).
        # TYPE camstream_rtp_packets_sent_total counter
        camstream_rtp_packets_sent_total{stream="cam"} 120
        camstream_rtp_packets_sent_total{stream="garden"} 0
        # HELP camstream_rtp_payload_sent_bytes_total RTP payload bytes sent to RTSP viewers (one copy per multicast group).
        # TYPE camstream_rtp_payload_sent_bytes_total counter
        camstream_rtp_payload_sent_bytes_total{stream="cam"} 150000
        camstream_rtp_payload_sent_bytes_total{stream="garden"} 0
        # HELP camstream_sessions_refused_total Viewers refused a session (RTSP SETUP or browser WebSocket), by the limit or state that refused them.
        # TYPE camstream_sessions_refused_total counter
        camstream_sessions_refused_total{reason="address_session_limit"} 0
        camstream_sessions_refused_total{reason="no_rtp_ports"} 0
        camstream_sessions_refused_total{reason="server_viewer_limit"} 1
        camstream_sessions_refused_total{reason="stream_ended"} 0
        camstream_sessions_refused_total{reason="stream_viewer_limit"} 0
        # HELP camstream_viewers Viewers playing now, by transport.
        # TYPE camstream_viewers gauge
        camstream_viewers{stream="cam",transport="multicast"} 0.0
        camstream_viewers{stream="cam",transport="tcp"} 0.0
        camstream_viewers{stream="cam",transport="udp"} 1.0
        camstream_viewers{stream="cam",transport="websocket"} 2.0
        camstream_viewers{stream="garden",transport="multicast"} 0.0
        camstream_viewers{stream="garden",transport="tcp"} 0.0
        camstream_viewers{stream="garden",transport="udp"} 0.0
        camstream_viewers{stream="garden",transport="websocket"} 0.0
        # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 3.0
        # HELP process_open_fds Number of open file descriptors.
        # TYPE process_open_fds gauge
        process_open_fds 17.0
        # HELP process_resident_memory_bytes Resident memory size in bytes.
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes 32579584.0
        # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
        # TYPE process_start_time_seconds gauge
        process_start_time_seconds 1700000123.45
        # HELP process_virtual_memory_bytes Virtual memory size in bytes.
        # TYPE process_virtual_memory_bytes gauge
        process_virtual_memory_bytes 541814784.0

        """
}
