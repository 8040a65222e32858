/// Each test's camstream gets RTP ports of its own, so tests never share a port even when run in parallel.
enum PortRanges {
    static let ffmpegUDP = 42000...42099
    static let ffmpegTCP = 42100...42199
    static let ffprobe = 42200...42299
    static let gstreamerUDP = 42300...42399
    static let gstreamerTCP = 42400...42499
    static let twoViewers = 42500...42599
    static let midGOPJoin = 42600...42699
    static let midGOPJoinFFmpeg = 42700...42799
    static let udpJoin = 42800...42899
    static let shutdown = 42900...42999
    // Below Linux's ephemeral range (32768–60999), so no client's own socket can be holding one of them.
    static let multicast = 30000...30099
    static let receiverReportsFFmpeg = 30100...30199
    static let receiverReportsGStreamer = 30200...30299
    static let pausePlayTCP = 30300...30399
    static let pausePlayUDP = 30400...30499
    static let reapingSoak = 30500...30999
    static let soak = 31000...31099
    static let faults = 31100...31199
    static let configOverride = 31200...31299
    static let publicAddress = 31300...31399
    static let localSource = 31400...31499
    static let systemdNotify = 31500...31599
    static let journal = 31600...31699
    static let doctor = 31700...31799
    static let authentication = 31800...31899
    static let authenticationRestart = 31900...31999
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
