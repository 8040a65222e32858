/// The process' own figures for the standard `process_*` metrics, parsed from `/proc` text (pure: the reader is
/// `ProcessFigures.readCurrent()`). Specification: proc(5), `/proc/[pid]/statm`, `/proc/[pid]/stat`, `/proc/stat`.
struct ProcessFigures: Hashable {
    var residentBytes: Int
    var virtualBytes: Int
    /// User plus system CPU time.
    var cpuSeconds: Double
    /// Seconds since the Unix epoch.
    var startTimeSeconds: Double
    var openFileDescriptors: Int?

    /// nil when any text is not what proc(5) describes.
    init?(statm: String, stat: String, systemStat: String, pageSize: Int, ticksPerSecond: Int, openFileDescriptors: Int?) {
        let pages = statm.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(2).compactMap { Int($0) }
        // `stat`'s second field, the command, is in parentheses and may hold spaces: count fields after the last ')'.
        guard pages.count == 2, pageSize > 0, ticksPerSecond > 0, let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14, stime 15, starttime 22 (1-based over the whole line).
        guard fields.count >= 20, let utime = Int(fields[11]), let stime = Int(fields[12]), let startTicks = Int(fields[19]),
            let bootLine = systemStat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let bootTime = Int(bootLine.dropFirst("btime ".count))
        else { return nil }
        let (virtualBytes, virtualOverflow) = pages[0].multipliedReportingOverflow(by: pageSize)
        let (residentBytes, residentOverflow) = pages[1].multipliedReportingOverflow(by: pageSize)
        guard !virtualOverflow, !residentOverflow else { return nil }
        self.virtualBytes = virtualBytes
        self.residentBytes = residentBytes
        self.cpuSeconds = Double(utime &+ stime) / Double(ticksPerSecond)
        self.startTimeSeconds = Double(bootTime) + Double(startTicks) / Double(ticksPerSecond)
        self.openFileDescriptors = openFileDescriptors
    }
}
