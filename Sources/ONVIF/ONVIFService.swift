/// ONVIF's device and media services as pure functions: request bytes and who the HTTP layer authenticated in,
/// a response document out. The HTTP handler does the I/O around it.
public enum ONVIFService {
    public static let devicePath = "/onvif/device_service"
    public static let mediaPath = "/onvif/media_service"
    /// ONVIF Core 2.60 (ONVIF 2.6, the version Profile S conformance tests name).
    static let version = (major: 2, minor: 60)

    /// Whether a request may go on, and as whom. `httpUser` is the user an HTTP Digest `Authorization` proved
    /// (the HTTP layer checks it); otherwise the WS-Security UsernameToken must. With no users configured
    /// (`verifier` nil), everyone may.
    public enum Authorization: Sendable, Hashable {
        /// Go on; the user name when one was proven.
        case allowed(user: String?)
        /// Neither proof was given: the HTTP layer answers 401 with its Digest challenge and this fault.
        case missingCredentials(SOAPFault)
        case refused(SOAPFault)
    }

    public static func authorize(
        _ request: SOAPRequest, operation: ONVIFOperation, httpUser: String?, verifier: inout UsernameTokenVerifier?, now: Int64
    ) -> Authorization {
        guard verifier != nil else { return .allowed(user: nil) }
        if let httpUser { return .allowed(user: httpUser) }
        if let token = request.usernameToken {
            switch verifier!.verify(token, now: now) {
            case .success(let user): return .allowed(user: user)
            case .failure(let fault): return operation.needsAuthentication ? .refused(fault) : .allowed(user: nil)
            }
        }
        guard operation.needsAuthentication else { return .allowed(user: nil) }
        return .missingCredentials(.notAuthorized("credentials required: a WS-Security UsernameToken or HTTP Digest"))
    }

    /// The response document for an authorized operation, or the fault for an argument that names nothing.
    public static func respond(to operation: ONVIFOperation, device: ONVIFDevice, context: ONVIFRequestContext) -> Result<String, SOAPFault>
    {
        do throws(SOAPFault) {
            let document = try SOAPEnvelope.documentThrowing { body throws(SOAPFault) in
                try write(operation, device: device, context: context, into: &body)
            }
            return .success(document)
        } catch {
            return .failure(error)
        }
    }

    private static func write(_ operation: ONVIFOperation, device: ONVIFDevice, context: ONVIFRequestContext, into body: inout XMLWriter)
        throws(SOAPFault)
    {
        switch operation {
        case .getSystemDateAndTime: DeviceResponses.systemDateAndTime(now: context.now, into: &body)
        case .getDeviceInformation: DeviceResponses.deviceInformation(device, into: &body)
        case .getCapabilities: DeviceResponses.capabilities(context, into: &body)
        case .getServices(let includeCapability): DeviceResponses.services(context, includeCapability: includeCapability, into: &body)
        case .getDeviceServiceCapabilities:
            body.element("tds:GetServiceCapabilitiesResponse") { DeviceResponses.deviceServiceCapabilities(into: &$0) }
        case .getScopes: DeviceResponses.scopes(device, into: &body)
        case .getHostname: DeviceResponses.hostname(device, into: &body)
        case .getNetworkInterfaces: DeviceResponses.networkInterfaces(context.networkInterfaces, into: &body)
        case .getMediaServiceCapabilities:
            body.element("trt:GetServiceCapabilitiesResponse") { MediaResponses.serviceCapabilities(context, into: &$0) }
        case .getProfiles:
            body.element("trt:GetProfilesResponse") { response in
                for profile in context.profiles { MediaResponses.profile(profile, element: "trt:Profiles", into: &response) }
            }
        case .getProfile(let token):
            let profile = try self.profile(token, in: context)
            body.element("trt:GetProfileResponse") { MediaResponses.profile(profile, element: "trt:Profile", into: &$0) }
        case .getVideoSources: MediaResponses.videoSources(context.profiles, into: &body)
        case .getVideoSourceConfigurations:
            body.element("trt:GetVideoSourceConfigurationsResponse") { response in
                for profile in context.profiles {
                    MediaResponses.videoSourceConfiguration(profile, element: "trt:Configurations", into: &response)
                }
            }
        case .getVideoEncoderConfigurations:
            body.element("trt:GetVideoEncoderConfigurationsResponse") { response in
                for profile in context.profiles {
                    MediaResponses.videoEncoderConfiguration(profile, element: "trt:Configurations", into: &response)
                }
            }
        case .getVideoEncoderConfigurationOptions(let profileToken, let configurationToken):
            let profile: ONVIFProfile
            if let configurationToken {
                guard let found = context.profiles.first(where: { MediaResponses.encoderToken($0) == configurationToken }) else {
                    throw .invalidArgument("ter:NoConfig", "no video encoder configuration '\(configurationToken.prefix(64))'")
                }
                profile = found
            } else if let profileToken {
                profile = try self.profile(profileToken, in: context)
            } else {
                guard let first = context.profiles.first else { throw .invalidArgument("ter:NoProfile", "no profiles") }
                profile = first
            }
            MediaResponses.videoEncoderConfigurationOptions(profile, into: &body)
        case .getStreamUri(let token, let stream, let transport):
            let profile = try self.profile(token, in: context)
            guard stream == "RTP-Unicast" || stream == "RTP-Multicast" else {
                throw .invalidArgument("ter:InvalidStreamSetup", "Stream '\(stream.prefix(32))' is not RTP-Unicast or RTP-Multicast")
            }
            let port: Int
            switch transport {
            case "UDP", "RTSP", "TCP": port = context.rtspPort
            // RTSP tunnelled over HTTP: the same rtsp:// URI on the HTTP port (`ffmpeg -rtsp_transport http`).
            case "HTTP": port = context.httpPort
            default:
                throw .invalidArgument(
                    "ter:InvalidStreamSetup", "Transport Protocol '\(transport.prefix(32))' is not UDP, TCP, RTSP or HTTP")
            }
            MediaResponses.mediaURI("trt:GetStreamUriResponse", uri: "rtsp://\(context.host):\(port)/\(profile.token)", into: &body)
        case .getSnapshotUri(let token):
            let profile = try self.profile(token, in: context)
            guard profile.hasSnapshot else {
                throw SOAPFault(
                    code: .receiver, subcode: "ter:ActionNotSupported", detailSubcode: "ter:SnapshotNotSupported",
                    reason: "stream '\(profile.token)' has no raw pictures to make a JPEG of")
            }
            MediaResponses.mediaURI(
                "trt:GetSnapshotUriResponse", uri: "http://\(context.host):\(context.httpPort)/\(profile.token)/snapshot.jpg", into: &body)
        }
    }

    private static func profile(_ token: String, in context: ONVIFRequestContext) throws(SOAPFault) -> ONVIFProfile {
        guard let profile = context.profiles.first(where: { $0.token == token }) else {
            throw .invalidArgument("ter:NoProfile", "no profile '\(token.prefix(64))'")
        }
        return profile
    }
}

extension SOAPEnvelope {
    /// `document(_:)` for a body that may fail.
    static func documentThrowing(_ body: (inout XMLWriter) throws(SOAPFault) -> Void) throws(SOAPFault) -> String {
        var failure: SOAPFault?
        let text = document { writer in
            do throws(SOAPFault) {
                try body(&writer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return text
    }
}
