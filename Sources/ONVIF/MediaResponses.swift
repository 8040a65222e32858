/// The media service's answers (ONVIF Media, media.wsdl ver10), element order as in the schema. Every stream is
/// one profile with one video source configuration and one H.264 encoder configuration, fixed: camstream's
/// encodings come from its config file, so the options offered are the current values only.
enum MediaResponses {
    static func sourceConfigurationToken(_ profile: ONVIFProfile) -> String { "vsc_\(profile.token)" }
    static func encoderToken(_ profile: ONVIFProfile) -> String { "vec_\(profile.token)" }

    static func serviceCapabilities(_ context: ONVIFRequestContext, into writer: inout XMLWriter) {
        let snapshot = context.profiles.contains { $0.hasSnapshot }
        writer.element("trt:Capabilities", ["SnapshotUri": "\(snapshot)", "Rotation": "false", "VideoSourceMode": "false", "OSD": "false"])
        {
            capabilities in
            capabilities.element("trt:ProfileCapabilities", ["MaximumNumberOfProfiles": "\(context.profiles.count)"]) { _ in }
            capabilities.element(
                "trt:StreamingCapabilities",
                [
                    "RTPMulticast": "false", "RTP_TCP": "true", "RTP_RTSP_TCP": "true", "NonAggregateControl": "false",
                    "NoRTSPStreaming": "false",
                ]
            ) { _ in }
        }
    }

    static func profile(_ profile: ONVIFProfile, element: String, into writer: inout XMLWriter) {
        writer.element(element, ["token": profile.token, "fixed": "true"]) { entry in
            entry.element("tt:Name", text: profile.token)
            videoSourceConfiguration(profile, element: "tt:VideoSourceConfiguration", into: &entry)
            videoEncoderConfiguration(profile, element: "tt:VideoEncoderConfiguration", into: &entry)
        }
    }

    static func videoSourceConfiguration(_ profile: ONVIFProfile, element: String, into writer: inout XMLWriter) {
        writer.element(element, ["token": sourceConfigurationToken(profile)]) { configuration in
            configuration.element("tt:Name", text: sourceConfigurationToken(profile))
            configuration.element("tt:UseCount", 1)
            configuration.element("tt:SourceToken", text: profile.sourceToken)
            configuration.element("tt:Bounds", ["x": "0", "y": "0", "width": "\(profile.width)", "height": "\(profile.height)"]) { _ in }
        }
    }

    static func videoEncoderConfiguration(_ profile: ONVIFProfile, element: String, into writer: inout XMLWriter) {
        writer.element(element, ["token": encoderToken(profile)]) { configuration in
            configuration.element("tt:Name", text: encoderToken(profile))
            configuration.element("tt:UseCount", 1)
            configuration.element("tt:Encoding", text: "H264")
            resolution(profile, into: &configuration)
            configuration.element("tt:Quality", 5)
            configuration.element("tt:RateControl") { rate in
                rate.element("tt:FrameRateLimit", profile.framesPerSecond)
                rate.element("tt:EncodingInterval", 1)
                rate.element("tt:BitrateLimit", profile.bitrateKbps)
            }
            configuration.element("tt:H264") { h264 in
                h264.element("tt:GovLength", profile.keyframeInterval)
                h264.element("tt:H264Profile", text: profile.h264Profile)
            }
            configuration.element("tt:Multicast") { multicast in
                multicast.element("tt:Address") { address in
                    address.element("tt:Type", text: "IPv4")
                    address.element("tt:IPv4Address", text: "0.0.0.0")
                }
                multicast.element("tt:Port", 0)
                multicast.element("tt:TTL", 1)
                multicast.element("tt:AutoStart", false)
            }
            configuration.element("tt:SessionTimeout", text: "PT60S")
        }
    }

    static func videoSources(_ profiles: [ONVIFProfile], into body: inout XMLWriter) {
        body.element("trt:GetVideoSourcesResponse") { response in
            // One entry per source: a sub-stream shares its capture's, at the capture's (the first) size.
            var seen: Set<String> = []
            for profile in profiles where seen.insert(profile.sourceToken).inserted {
                response.element("trt:VideoSources", ["token": profile.sourceToken]) { source in
                    source.element("tt:Framerate", profile.framesPerSecond)
                    resolution(profile, into: &source)
                }
            }
        }
    }

    static func videoEncoderConfigurationOptions(_ profile: ONVIFProfile, into body: inout XMLWriter) {
        body.element("trt:GetVideoEncoderConfigurationOptionsResponse") { response in
            response.element("trt:Options") { options in
                options.element("tt:QualityRange") { range(5, 5, into: &$0) }
                options.element("tt:H264") { h264 in
                    h264.element("tt:ResolutionsAvailable") { available in
                        available.element("tt:Width", profile.width)
                        available.element("tt:Height", profile.height)
                    }
                    h264.element("tt:GovLengthRange") { range(profile.keyframeInterval, profile.keyframeInterval, into: &$0) }
                    h264.element("tt:FrameRateRange") { range(profile.framesPerSecond, profile.framesPerSecond, into: &$0) }
                    h264.element("tt:EncodingIntervalRange") { range(1, 1, into: &$0) }
                    h264.element("tt:H264ProfilesSupported", text: profile.h264Profile)
                }
            }
        }
    }

    static func mediaURI(_ element: String, uri: String, into body: inout XMLWriter) {
        body.element(element) { response in
            response.element("trt:MediaUri") { media in
                media.element("tt:Uri", text: uri)
                media.element("tt:InvalidAfterConnect", false)
                media.element("tt:InvalidAfterReboot", false)
                media.element("tt:Timeout", text: "PT0S")
            }
        }
    }

    private static func resolution(_ profile: ONVIFProfile, into writer: inout XMLWriter) {
        writer.element("tt:Resolution") { resolution in
            resolution.element("tt:Width", profile.width)
            resolution.element("tt:Height", profile.height)
        }
    }

    private static func range(_ low: Int, _ high: Int, into writer: inout XMLWriter) {
        writer.element("tt:Min", low)
        writer.element("tt:Max", high)
    }
}
