/// Each test's camstream gets RTP ports of its own, so tests never share a port even when run in parallel.
enum PortRanges {
    // All below Linux's ephemeral range (32768–60999), so no client's own socket can be holding one of them,
    // and apart from StreamerServerTests' 310xx–312xx, which run at the same time.
    static let ffmpegUDP = 20000...20099
    static let ffmpegTCP = 20100...20199
    static let ffprobe = 20200...20299
    static let gstreamerUDP = 20300...20399
    static let gstreamerTCP = 20400...20499
    static let twoViewers = 20500...20599
    static let midGOPJoin = 20600...20699
    static let midGOPJoinFFmpeg = 20700...20799
    static let udpJoin = 20800...20899
    static let shutdown = 20900...20999
    static let multicast = 30000...30099
    static let receiverReportsFFmpeg = 30100...30199
    static let receiverReportsGStreamer = 30200...30299
    static let pausePlayTCP = 30300...30399
    static let pausePlayUDP = 30400...30499
    static let reapingSoak = 30500...30999
    static let soak = 21000...21099
    static let faults = 21100...21199
    static let configOverride = 21200...21299
    static let publicAddress = 21300...21399
    static let localSource = 21400...21499
    static let systemdNotify = 21500...21599
    static let journal = 21600...21699
    static let doctor = 21700...21799
    static let authentication = 21800...21899
    static let authenticationRestart = 21900...21999
    static let encoderFault = 22000...22099
    static let connectionLimit = 22100...22199
    static let attack = 22200...22299
    /// The client ports of AttackTests' own UDP viewer (on 127.0.0.1) and its decoy (on 127.0.0.3).
    static let attackClient = 22300...22399
    static let startFault = 22400...22499
    static let neverReadingClient = 22500...22599
    static let pushFFmpegTCP = 23100...23199
    static let pushFFmpegUDP = 23200...23299
    static let pushDigest = 23300...23399
    static let pushRestart = 23400...23499
    static let pushStalled = 23500...23599
    static let pushRedirect = 23600...23699
    static let pushKeepAlive = 23700...23799
    /// RTP ports for the sub-stream tests; their HTTP port (for /api/status) is 24440.
    static let substream = 24400...24439
    static let substreamHTTP = 24440
    static let substreamJoin = 24450...24499
    /// RTSP-over-HTTP tests: RTP ports the first 40 of each range, the HTTP port its last.
    static let tunnel = 24500...24549
    static let tunnelUsers = 24550...24599
    /// RTP ports 22700–22789 for the browser tests' camstreams; their HTTP ports are 22790 and up.
    static let browser = 22700...22789
    static let browserHTTP = 22790
    /// ONVIFTests: RTP ports 24600–24699, RTSP and HTTP ports 24700 and up.
    static let onvif = 24600...24699
    static let onvifRTSP = 24700
    /// MetricsTests: camstream's RTP ports 24000–24049, its RTSP and HTTP ports 24100 and up, Prometheus' 24150.
    static let metrics = 24000...24049
    static let metricsListeners = 24100
    static let prometheus = 24150
}

/// Frames of decoded I420 video at a size: what a client's raw output must add up to.
func i420FrameBytes(width: Int, height: Int) -> Int {
    width * height * 3 / 2
}

/// Frame lines of ffmpeg's `framecrc` output: `stream, dts, pts, duration, size, checksum`.
func framecrcFrameSizes(_ output: String) -> [Int] {
    output.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return fields.count >= 5 ? Int(fields[4]) : nil
    }
}

import Foundation
