import NIOCore
import RTSP
import SDP

/// DESCRIBE: the SDP of one stream (RFC 2326 §10.2).
extension RTSPConnectionHandler {
    func describe(_ request: RTSPRequest) throws(RequestRefusal) -> RTSPResponse {
        let accept = request.headers.values(for: "Accept")
        if !accept.isEmpty, !AcceptHeader(values: accept).accepts(type: "application", subtype: "sdp") {
            throw RequestRefusal(.notAcceptable, "only application/sdp is offered, Accept: \(accept.joined(separator: ", "))")
        }
        guard let target = RequestTarget(uri: request.uri, knownPaths: server.streams.keys), target.track == nil,
            let stream = server.streams[target.streamPath]
        else {
            throw RequestRefusal(.notFound, "no stream at \(request.uri)")
        }
        guard stream.source.hasParameterSets else {
            throw RequestRefusal(
                .serviceUnavailable, "the camera has not sent its SPS/PPS yet (it is not connected)", headers: ["Retry-After": "2"])
        }
        let parameterSets = stream.source.parameterSets
        // Behind NAT the public address stands in for ours in o= and c= (a unicast c= has no TTL).
        let publicAddress = server.configuration.publicAddress
        let description = H264SessionDescription(
            sessionID: stream.sessionID, sessionVersion: 1,
            originAddress: publicAddress ?? Self.plainIP(channel?.localAddress?.ipAddress) ?? "0.0.0.0",
            connectionAddress: publicAddress, multicastTTL: nil,
            trackControl: RequestTarget.trackControl,
            profileLevelID: parameterSets.profileLevelID, spropParameterSets: parameterSets.spropParameterSets)
        var body = ByteBufferAllocator().buffer(capacity: 512)
        body.writeString(description.rendered)
        // Content-Base ends in "/" so that relative track URLs resolve beneath the stream (RFC 2326 §C.1.1);
        // live555 (VLC) joins it with `trackID=0` to name the track in SETUP.
        let base = request.uri.hasSuffix("/") ? request.uri : request.uri + "/"
        return response(.ok, to: request, headers: ["Content-Base": base, "Content-Type": "application/sdp"], body: body)
    }

    /// IPv4-mapped IPv6 addresses (dual-stack sockets) printed as the IPv4 address clients know.
    static func plainIP(_ address: String?) -> String? {
        guard let address else { return nil }
        return address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }
}
