import H264
import Logging
import NIOCore
import NIOHTTP1
import ONVIF

/// What an ONVIF POST is answered with: status, headers (a Digest challenge) and the SOAP document.
struct ONVIFAnswer {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders = [:]
    var document: String
}

/// ONVIF's device and media services on the HTTP port: the HTTP side (Digest, failed logins, where the
/// client reached us, what the streams are now) around `ONVIFService`'s pure functions.
extension ServerContext {
    func answerONVIF(
        _ head: HTTPRequestHead, body: [UInt8], peer: String, localAddress: SocketAddress?, logger: Logger
    ) -> ONVIFAnswer {
        guard let onvif = configuration.onvif else {
            return ONVIFAnswer(status: .notFound, document: SOAPFault.actionNotSupported("ONVIF is turned off").document)
        }
        let request: SOAPRequest
        let operation: ONVIFOperation
        do throws(SOAPFault) {
            request = try SOAPRequest(parsing: body)
            operation = try ONVIFOperation(request.operation)
        } catch {
            // A client without credentials learns nothing from how its document is read; an HTTP Digest client's
            // first, empty, request (curl's) gets the challenge it waits for.
            if authenticator != nil, head.headers.first(name: "Authorization") == nil {
                return challenge(peer: peer, fault: .notAuthorized("credentials required: a WS-Security UsernameToken or HTTP Digest"))
            }
            logger.notice(
                "ONVIF request refused",
                metadata: [
                    "http.peer": "\(peer)", "onvif.fault": "\(error.subcode ?? error.code.rawValue)", "onvif.reason": "\(error.reason)",
                ])
            return ONVIFAnswer(status: HTTPResponseStatus(statusCode: error.httpStatus), document: error.document)
        }
        logger.debug("ONVIF request", metadata: ["onvif.operation": "\(request.operation.name)"])

        // HTTP Digest, when the client sent an Authorization: the same check, challenge and failed-login count as
        // every other HTTP request.
        var httpUser: String?
        if authenticator != nil, head.headers.first(name: "Authorization") != nil {
            switch authenticateHTTP(head, peer: peer, logger: logger) {
            case .success(let user): httpUser = user?.name
            case .failure(let refusal):
                return ONVIFAnswer(
                    status: refusal.status, headers: refusal.headers, document: SOAPFault.notAuthorized(refusal.reason).document)
            }
        }
        let now = Int64(Clocks.unixNanoseconds() / 1_000_000_000)
        let monotonic = Clocks.monotonicNanoseconds() / 1_000_000_000
        if authenticator != nil, httpUser == nil, failedLogins.isBlocked(peer, now: monotonic) {
            return ONVIFAnswer(
                status: .serviceUnavailable, headers: ["Retry-After": "\(FailedLoginTracker.windowSeconds)"],
                document: SOAPFault.notAuthorized("too many failed logins from \(peer)").document)
        }
        let user: String?
        switch ONVIFService.authorize(request, operation: operation, httpUser: httpUser, verifier: &usernameTokens, now: now) {
        case .allowed(let allowed):
            user = allowed
        case .missingCredentials(let fault):
            logger.notice(
                "ONVIF request without credentials", metadata: ["http.peer": "\(peer)", "onvif.operation": "\(request.operation.name)"])
            return challenge(peer: peer, fault: fault)
        case .refused(let fault):
            failedLogins.recordFailure(from: peer, now: monotonic)
            logger.warning("authentication failed", metadata: ["http.peer": "\(peer)", "onvif.auth.error": "\(fault.reason)"])
            return ONVIFAnswer(status: HTTPResponseStatus(statusCode: fault.httpStatus), document: fault.document)
        }

        let credentials = user.flatMap { name in configuration.users.first { $0.name == name } }
        let context = ONVIFRequestContext(
            host: Self.onvifHost(head.headers.first(name: "Host"), localAddress: localAddress),
            httpPort: localAddress?.port ?? configuration.httpPort ?? 80, rtspPort: configuration.rtspPort,
            profiles: streamPaths(for: credentials).compactMap(onvifProfile(path:)),
            networkInterfaces: operation == .getNetworkInterfaces ? NetworkInterfaceList.current() : [], now: now)
        switch ONVIFService.respond(to: operation, device: onvif.device, context: context) {
        case .success(let document):
            return ONVIFAnswer(status: .ok, document: document)
        case .failure(let fault):
            logger.notice(
                "ONVIF request refused",
                metadata: [
                    "http.peer": "\(peer)", "onvif.fault": "\(fault.detailSubcode ?? fault.subcode ?? "")",
                    "onvif.reason": "\(fault.reason)",
                ])
            return ONVIFAnswer(status: HTTPResponseStatus(statusCode: fault.httpStatus), document: fault.document)
        }
    }

    /// No proof at all: 401 with the Digest challenge, for clients that speak HTTP Digest, and the fault for those
    /// that speak WS-Security.
    private func challenge(peer: String, fault: SOAPFault) -> ONVIFAnswer {
        var headers = HTTPHeaders()
        let now = Clocks.monotonicNanoseconds() / 1_000_000_000
        for challenge in authenticator?.challenges(now: now, random: UInt64.random(in: 0...UInt64.max), clientAddress: peer) ?? [] {
            headers.add(name: "WWW-Authenticate", value: challenge)
        }
        return ONVIFAnswer(status: .unauthorized, headers: headers, document: fault.document)
    }

    /// A served stream as an ONVIF profile: its size and H.264 profile from its SPS, its rate and bitrate as
    /// configured (or as measured for a stream that says nothing). Nil while a camera's own H.264 has not been
    /// seen: there is no size to report yet.
    func onvifProfile(path: String) -> ONVIFProfile? {
        guard let stream = streams[path], stream.source.hasParameterSets,
            let sps = try? SequenceParameterSet(nalUnit: stream.source.parameterSets.sps)
        else { return nil }
        let configuredStream = configuration.streams.first { $0.path == path }
        let configured = configuredStream?.encoding
        let fps = configured?.framesPerSecond ?? stream.meter.framesPerSecond.map { Int($0.rounded()) } ?? 30
        return ONVIFProfile(
            // A sub-stream is another encoding of its parent's capture: one video source for both, as recorders expect.
            token: path, sourceToken: "src_\(configuredStream?.substreamOf ?? path)", width: sps.width, height: sps.height, framesPerSecond: fps,
            bitrateKbps: configured?.bitrateKbps ?? stream.meter.bitsPerSecond.map { Int($0 / 1000) } ?? 0,
            keyframeInterval: configured?.keyframeInterval ?? fps * 2,
            h264Profile: ONVIFProfile.h264ProfileName(profileIDC: sps.profileIDC),
            hasSnapshot: snapshotSource(for: path) != nil)
    }

    /// The host part of the request's `Host` (what the client typed, so URIs reach us the same way), when it is a
    /// plain name or address; else the local address the connection came in on.
    static func onvifHost(_ header: String?, localAddress: SocketAddress?) -> String {
        if let header, header.utf8.count <= 255,
            header.utf8.allSatisfy({ byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[")
                    || byte == UInt8(ascii: "]")
            })
        {
            if header.hasPrefix("["), let end = header.firstIndex(of: "]") { return String(header[...end]) }
            let parts = header.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count <= 2, let host = parts.first, !host.isEmpty { return String(host) }
        }
        var address = localAddress?.ipAddress ?? "127.0.0.1"
        if address.hasPrefix("::ffff:"), address.contains(".") { address.removeFirst(7) }
        return address.contains(":") ? "[\(address)]" : address
    }
}
