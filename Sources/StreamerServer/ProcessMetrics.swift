import Prometheus

/// The standard `process_*` families (as Prometheus' own client libraries name them), set at each scrape.
struct ProcessMetrics: Sendable {
    let residentMemory: Gauge
    let virtualMemory: Gauge
    let cpuSeconds: Counter
    let startTime: Gauge
    let openFileDescriptors: Gauge

    init(registry: PrometheusCollectorRegistry) {
        func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "process", metricName: name, unitName: unit, helpText: help)
        }
        residentMemory = registry.makeGauge(descriptor: name("resident_memory", "bytes", "Resident memory size in bytes."))
        virtualMemory = registry.makeGauge(descriptor: name("virtual_memory", "bytes", "Virtual memory size in bytes."))
        cpuSeconds = registry.makeCounter(descriptor: name("cpu", "seconds_total", "Total user and system CPU time spent in seconds."))
        startTime = registry.makeGauge(
            descriptor: name("start_time", "seconds", "Start time of the process since unix epoch in seconds."))
        openFileDescriptors = registry.makeGauge(descriptor: name("open", "fds", "Number of open file descriptors."))
    }

    /// Scrapes run one at a time on the server's event loop, so the counter's reset-and-add is never seen halfway.
    func update(_ figures: ProcessFigures) {
        residentMemory.set(Int64(figures.residentBytes))
        virtualMemory.set(Int64(figures.virtualBytes))
        cpuSeconds.reset()
        cpuSeconds.increment(by: figures.cpuSeconds)
        startTime.set(figures.startTimeSeconds)
        if let open = figures.openFileDescriptors { openFileDescriptors.set(Int64(open)) }
    }
}
