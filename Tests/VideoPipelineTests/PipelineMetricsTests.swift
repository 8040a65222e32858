import Dispatch
import Logging
import NIOConcurrencyHelpers
import Prometheus
import Testing
import VideoPipeline
import X264Encoder

/// The test pattern counts what it captures and encodes, and times x264, into the handlers it is given: here a
/// real Prometheus registry, as the server's.
@Suite(.timeLimit(.minutes(1)))
struct PipelineMetricsTests {
    @Test func theTestPatternCountsAndTimesEveryFrame() throws {
        let registry = PrometheusCollectorRegistry()
        func name(_ name: String, _ unit: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "test", metricName: name, unitName: unit, helpText: name)
        }
        let metrics = PipelineMetrics(
            framesCaptured: registry.makeCounter(descriptor: name("captured", "total")),
            framesEncoded: registry.makeCounter(descriptor: name("encoded", "total")),
            framesDropped: registry.makeCounter(descriptor: name("dropped", "total")),
            encodeTime: registry.makeDurationHistogram(descriptor: name("encode", "seconds"), buckets: [.milliseconds(1), .seconds(1)]))
        let pipeline = try TestPatternPipeline(
            settings: EncoderSettings(width: 160, height: 120, framesPerSecond: 60), logger: Logger(label: "test"), metrics: metrics)
        let delivered = NIOLockedValueBox(0)
        let tenth = DispatchSemaphore(value: 0)
        try pipeline.start { _ in
            if delivered.withLockedValue({ count in
                count += 1
                return count == 10
            }) {
                tenth.signal()
            }
        }
        let arrived = tenth.wait(timeout: .now() + 10) == .success
        pipeline.stop()
        #expect(arrived, "ten access units within 10 s")

        let text = registry.emitToString()
        func value(_ series: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        }
        let encoded = try #require(value("test_encoded_total"), "\(text)")
        #expect(encoded >= 10)
        #expect(try #require(value("test_captured_total")) >= encoded)
        #expect(value("test_dropped_total") == 0)
        #expect(value("test_encode_seconds_count") == encoded, "one timing per encoded frame: \(text)")
        #expect(value("test_encode_seconds_bucket{le=\"+Inf\"}") == encoded)
    }
}
