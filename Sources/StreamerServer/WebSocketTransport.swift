import FMP4
import H264
import NIOCore
import NIOWebSocket

/// A browser viewer's media: fragmented MP4 in binary WebSocket messages, one `moof`+`mdat` per access unit,
/// after a text message naming the codec and one initialization segment made from the SPS and PPS of the first
/// access unit it is sent (an IDR with both, as for any joining viewer).
///
/// The same bounded queue as a TCP-interleaved viewer: past the channel's high water mark `send` says no and
/// the stream drops whole frames for this viewer alone until it can restart at an IDR.
final class WebSocketTransport: RTPTransport {
    private let channel: Channel
    private let peer: String
    /// The track the browser's source buffer was opened for; nil until the first frame.
    private(set) var track: FMP4VideoTrack?
    /// Called once when the stream's parameter sets change (a camera restarted at another size): the browser
    /// must open a new source buffer, so the connection ends and the page reconnects.
    var onTrackChanged: ((String) -> Void)?
    /// What this viewer was sent: WebSocket messages and their payload bytes, for the status page.
    private(set) var messagesSent = 0
    private(set) var bytesSent = 0

    init(channel: Channel, peer: String) {
        self.channel = channel
        self.peer = peer
    }

    var description: String { "websocket \(peer)" }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        // RTP has no meaning here; the fan-out calls `send(_:)`.
        true
    }

    func send(_ unit: FanOutAccessUnit) -> Bool {
        guard channel.isActive else { return true }
        guard channel.isWritable else { return false }
        if let parameterSets = ParameterSets(nalUnits: unit.accessUnit.nalUnits), parameterSets != track?.parameterSets {
            guard let newTrack = try? FMP4VideoTrack(parameterSets: parameterSets) else {
                onTrackChanged?("the stream's SPS cannot be read")
                return true
            }
            if track != nil {
                onTrackChanged?(
                    "the stream changed to \(newTrack.sequenceParameterSet.width)x\(newTrack.sequenceParameterSet.height) \(newTrack.codecString)"
                )
                return true
            }
            track = newTrack
            var announcement = channel.allocator.buffer(capacity: 128)
            announcement.writeString(
                "{\"type\":\"init\",\"mime\":\(JSONText.quoted(newTrack.mimeType)),\"width\":\(newTrack.sequenceParameterSet.width),\"height\":\(newTrack.sequenceParameterSet.height)}"
            )
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: announcement), promise: nil)
            var initialization = channel.allocator.buffer(capacity: 768)
            initialization.writeInitializationSegment(newTrack)
            channel.write(WebSocketFrame(fin: true, opcode: .binary, data: initialization), promise: nil)
        }
        // A browser can only start at a track it has been told of.
        guard track != nil else { return true }
        if let segment = unit.mediaSegment {
            messagesSent += 1
            bytesSent += segment.readableBytes
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .binary, data: segment), promise: nil)
        }
        return true
    }

    func sendRTCP(_ packet: ByteBuffer) {}

    func close() {
        guard channel.isActive else { return }
        var reason = channel.allocator.buffer(capacity: 2)
        reason.write(webSocketErrorCode: .normalClosure)
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: reason)).whenComplete { [channel] _ in
            channel.close(promise: nil)
        }
    }
}
