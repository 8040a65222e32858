import FMP4
import H264
import NIOCore

/// `/api/status`: what the server is doing now, as JSON. Per stream its source, picture size and codec (from
/// the live SPS), measured frame rate and bitrate, and every viewer, RTSP or browser, with what it was sent and
/// what its client reported; and every relay the stream is pushed to, with the push's state and figures.
enum StatusDocument {
    static func render(_ server: ServerContext, version: String) -> String {
        let now = server.eventLoop.now
        var document = JSONObject()
        document.add("version", version)
        document.add("uptime_seconds", seconds(now - server.started))
        let streams = server.configuration.streams.compactMap { server.streams[$0.path] }.map { stream(server, $0, now: now) }
        document.add("streams", json: "[" + streams.joined(separator: ",") + "]")
        return document.text + "\n"
    }

    private static func stream(_ server: ServerContext, _ stream: MediaStream, now: NIODeadline) -> String {
        var object = JSONObject()
        object.add("path", stream.path)
        object.add("source", stream.source.description)
        // The pair a sub-stream makes with its parent, both ways: one capture, two encodings.
        let configured = server.configuration.streams
        object.add("substream_of", configured.first { $0.path == stream.path }?.substreamOf)
        object.add("substream", configured.first { $0.substreamOf == stream.path }?.path)
        object.add("ended", stream.isEnded)
        let track = stream.source.hasParameterSets ? try? FMP4VideoTrack(parameterSets: stream.source.parameterSets) : nil
        object.add("width", track?.sequenceParameterSet.width)
        object.add("height", track?.sequenceParameterSet.height)
        object.add("codec", track?.codecString)
        let status = (stream.source as? SourceStatusReporting)?.status
        object.add("pixel_format", status?.pixelFormat)
        object.add("encoder", status?.encoderSettings)
        object.add("capture_drops", status?.captureDrops)
        object.add("fps", stream.meter.framesPerSecond.map { ($0 * 10).rounded() / 10 })
        object.add("bitrate_kbps", stream.meter.bitsPerSecond.map { ($0 / 100).rounded() / 10 })
        let viewers = server.sessions.values.filter { $0.stream === stream }.sorted { $0.created < $1.created }.map { viewer($0, now: now) }
        object.add("viewers", json: "[" + viewers.joined(separator: ",") + "]")
        let pushes = server.publishers.map(\.statistics).filter { $0.streamPath == stream.path }.map(push)
        object.add("push", json: "[" + pushes.joined(separator: ",") + "]")
        return object.text
    }

    private static func push(_ statistics: PushStatistics) -> String {
        var object = JSONObject()
        object.add("target", statistics.target)
        object.add("transport", statistics.transport.rawValue)
        object.add("state", statistics.state.rawValue)
        object.add("last_error", statistics.lastError)
        object.add("sessions", statistics.sessions)
        object.add("failures_in_a_row", statistics.failuresInARow)
        object.add("bytes_sent", statistics.bytesSent)
        object.add("frames_sent", statistics.accessUnitsSent)
        object.add("frames_dropped", statistics.droppedAccessUnits)
        return object.text
    }

    private static func viewer(_ session: RTSPSession, now: NIODeadline) -> String {
        let statistics = ViewerStatistics(session: session)
        var object = JSONObject()
        object.add("session", statistics.sessionID)
        let isBrowser = session.viewer.transport is WebSocketTransport
        object.add("kind", isBrowser ? "browser" : "rtsp")
        object.add("transport", statistics.transport)
        object.add("address", session.owner.address)
        object.add("playing", statistics.isPlaying)
        object.add("since_seconds", seconds(now - session.created))
        if let socket = session.viewer.transport as? WebSocketTransport {
            object.add("messages_sent", socket.messagesSent)
            object.add("bytes_sent", socket.bytesSent)
        } else {
            object.add("packets_sent", Int(statistics.packetsSent))
            object.add("bytes_sent", Int(statistics.payloadOctetsSent))
        }
        object.add("dropped_frames", statistics.droppedAccessUnits)
        object.add("receiver_reports", statistics.receiverReports)
        object.add("fraction_lost", statistics.fractionLost)
        object.add("cumulative_lost", statistics.cumulativeLost)
        object.add("jitter_ms", statistics.jitterSeconds.map { $0 * 1000 })
        object.add("rtt_ms", statistics.roundTripSeconds.map { $0 * 1000 })
        return object.text
    }

    private static func seconds(_ amount: TimeAmount) -> Double {
        (Double(amount.nanoseconds) / 1e8).rounded() / 10
    }
}
