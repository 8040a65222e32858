import NIOCore
import RTSP
import RTSPClient

/// Lines joined with CRLF and terminated by the blank line that ends an RTSP head.
func wire(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n"
}

/// A response as the relay's bytes, through the same parser the connection uses.
func response(_ text: String) throws -> RTSPResponse {
    var parser = RTSPMessageParser()
    var buffer = ByteBuffer(string: text)
    guard case .response(let response) = try parser.next(from: &buffer) else { throw NotAResponse(text: text) }
    return response
}

struct NotAResponse: Error {
    var text: String
}

/// The bytes an action would write, or a description of an action that writes none.
func written(_ action: RTSPPublisherStateMachine.Action) -> String {
    var buffer = ByteBuffer()
    switch action {
    case .send(let request): buffer.writeRTSPRequest(request)
    case .respond(let response): buffer.writeRTSPResponse(response)
    default: return "\(action)"
    }
    return String(buffer: buffer)
}

let sdp = "v=0\r\ns=camstream\r\nm=video 0 RTP/AVP 96\r\n"

func machine(_ url: String, transport: RTSPPublisherStateMachine.Transport = .tcp) throws -> RTSPPublisherStateMachine {
    RTSPPublisherStateMachine(
        configuration: .init(url: try RTSPURL(parsing: url), transport: transport, sessionDescription: sdp, clientNonce: "0a4f113b"))
}
