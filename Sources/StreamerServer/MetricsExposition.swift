/// Puts a text exposition (Prometheus format 0.0.4) in a stable order: swift-prometheus writes families and
/// series in its dictionaries' order, which changes from run to run. Families sort by name and series by their
/// labels; a histogram's lines stay together in the order written (buckets ascending, then `_sum`, `_count`).
/// Pure, and needs only what every family here has: a `# HELP` line first.
enum MetricsExposition {
    static func canonical(_ text: String) -> String {
        var families: [(name: Substring, header: [Substring], series: [Substring: [Substring]])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                let name = line.dropFirst("# HELP ".count).prefix { $0 != " " }
                families.append((name, [line], [:]))
            } else if line.hasPrefix("#") || families.isEmpty {
                if families.isEmpty { families.append(("", [], [:])) }
                families[families.count - 1].header.append(line)
            } else {
                families[families.count - 1].series[seriesKey(line), default: []].append(line)
            }
        }
        var output = ""
        for family in families.sorted(by: { $0.name < $1.name }) {
            for line in family.header { output += line + "\n" }
            for key in family.series.keys.sorted() {
                for line in family.series[key] ?? [] { output += line + "\n" }
            }
        }
        return output
    }

    /// A sample line's labels without the histogram's `le`, which is always written last.
    static func seriesKey(_ line: Substring) -> Substring {
        guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}"), open < close else { return "" }
        let labels = line[line.index(after: open)..<close]
        guard let le = labels.ranges(of: "le=\"").last else { return labels }
        var key = labels[..<le.lowerBound]
        if key.last == "," { key = key.dropLast() }
        return key
    }
}
