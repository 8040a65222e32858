/// The device service's answers (ONVIF Device Management, devicemgmt.wsdl), element order as in the schema.
enum DeviceResponses {
    static func systemDateAndTime(now: Int64, into body: inout XMLWriter) {
        let time = ISO8601Time.parts(now)
        body.element("tds:GetSystemDateAndTimeResponse") { response in
            response.element("tds:SystemDateAndTime") { system in
                system.element("tt:DateTimeType", text: "NTP")
                system.element("tt:DaylightSavings", false)
                system.element("tt:TimeZone") { $0.element("tt:TZ", text: "UTC0") }
                system.element("tt:UTCDateTime") { utc in
                    utc.element("tt:Time") { clock in
                        clock.element("tt:Hour", time.hour)
                        clock.element("tt:Minute", time.minute)
                        clock.element("tt:Second", time.second)
                    }
                    utc.element("tt:Date") { date in
                        date.element("tt:Year", time.year)
                        date.element("tt:Month", time.month)
                        date.element("tt:Day", time.day)
                    }
                }
            }
        }
    }

    static func deviceInformation(_ device: ONVIFDevice, into body: inout XMLWriter) {
        body.element("tds:GetDeviceInformationResponse") { response in
            response.element("tds:Manufacturer", text: device.manufacturer)
            response.element("tds:Model", text: device.model)
            response.element("tds:FirmwareVersion", text: device.firmwareVersion)
            response.element("tds:SerialNumber", text: device.serialNumber)
            response.element("tds:HardwareId", text: device.hardwareID)
        }
    }

    static func capabilities(_ context: ONVIFRequestContext, into body: inout XMLWriter) {
        body.element("tds:GetCapabilitiesResponse") { response in
            response.element("tds:Capabilities") { capabilities in
                capabilities.element("tt:Device") { device in
                    device.element("tt:XAddr", text: context.deviceServiceURL)
                    device.element("tt:Network") { network in
                        network.element("tt:IPFilter", false)
                        network.element("tt:ZeroConfiguration", false)
                        network.element("tt:IPVersion6", false)
                        network.element("tt:DynDNS", false)
                    }
                    device.element("tt:System") { system in
                        system.element("tt:DiscoveryResolve", false)
                        system.element("tt:DiscoveryBye", true)
                        system.element("tt:RemoteDiscovery", false)
                        system.element("tt:SystemBackup", false)
                        system.element("tt:SystemLogging", false)
                        system.element("tt:FirmwareUpgrade", false)
                        system.element("tt:SupportedVersions") { version in
                            version.element("tt:Major", ONVIFService.version.major)
                            version.element("tt:Minor", ONVIFService.version.minor)
                        }
                    }
                    device.element("tt:Security") { security in
                        for name in [
                            "tt:TLS1.1", "tt:TLS1.2", "tt:OnboardKeyGeneration", "tt:AccessPolicyConfig", "tt:X.509Token", "tt:SAMLToken",
                            "tt:KerberosToken", "tt:RELToken",
                        ] {
                            security.element(name, false)
                        }
                    }
                }
                capabilities.element("tt:Media") { media in
                    media.element("tt:XAddr", text: context.mediaServiceURL)
                    media.element("tt:StreamingCapabilities") { streaming in
                        streaming.element("tt:RTPMulticast", false)
                        streaming.element("tt:RTP_TCP", true)
                        streaming.element("tt:RTP_RTSP_TCP", true)
                    }
                }
            }
        }
    }

    static func services(_ context: ONVIFRequestContext, includeCapability: Bool, into body: inout XMLWriter) {
        body.element("tds:GetServicesResponse") { response in
            for (namespace, address) in [
                (ONVIFNamespace.device, context.deviceServiceURL), (ONVIFNamespace.media, context.mediaServiceURL),
            ] {
                response.element("tds:Service") { service in
                    service.element("tds:Namespace", text: namespace)
                    service.element("tds:XAddr", text: address)
                    if includeCapability {
                        service.element("tds:Capabilities") { capabilities in
                            if namespace == ONVIFNamespace.device {
                                deviceServiceCapabilities(into: &capabilities)
                            } else {
                                MediaResponses.serviceCapabilities(context, into: &capabilities)
                            }
                        }
                    }
                    service.element("tds:Version") { version in
                        version.element("tt:Major", ONVIFService.version.major)
                        version.element("tt:Minor", ONVIFService.version.minor)
                    }
                }
            }
        }
    }

    /// The device service's `tds:Capabilities`: what authentication and discovery it does.
    static func deviceServiceCapabilities(into writer: inout XMLWriter) {
        writer.element("tds:Capabilities") { capabilities in
            capabilities.element(
                "tds:Network",
                ["IPFilter": "false", "ZeroConfiguration": "false", "IPVersion6": "false", "DynDNS": "false"]
            ) { _ in }
            capabilities.element(
                "tds:Security",
                ["TLS1.0": "false", "TLS1.1": "false", "TLS1.2": "false", "UsernameToken": "true", "HttpDigest": "true"]
            ) { _ in }
            capabilities.element(
                "tds:System",
                [
                    "DiscoveryResolve": "false", "DiscoveryBye": "true", "RemoteDiscovery": "false", "SystemBackup": "false",
                    "FirmwareUpgrade": "false",
                ]
            ) { _ in }
        }
    }

    static func scopes(_ device: ONVIFDevice, into body: inout XMLWriter) {
        body.element("tds:GetScopesResponse") { response in
            for scope in device.scopes {
                response.element("tds:Scopes") { item in
                    item.element("tt:ScopeDef", text: "Fixed")
                    item.element("tt:ScopeItem", text: scope)
                }
            }
        }
    }

    static func hostname(_ device: ONVIFDevice, into body: inout XMLWriter) {
        body.element("tds:GetHostnameResponse") { response in
            response.element("tds:HostnameInformation") { information in
                information.element("tt:FromDHCP", false)
                information.element("tt:Name", text: device.hostname)
            }
        }
    }

    static func networkInterfaces(_ interfaces: [ONVIFNetworkInterface], into body: inout XMLWriter) {
        body.element("tds:GetNetworkInterfacesResponse") { response in
            for interface in interfaces {
                response.element("tds:NetworkInterfaces", ["token": interface.name]) { entry in
                    entry.element("tt:Enabled", true)
                    entry.element("tt:Info") { info in
                        info.element("tt:Name", text: interface.name)
                        info.element("tt:HwAddress", text: interface.hardwareAddress)
                    }
                    if let address = interface.ipv4Address {
                        entry.element("tt:IPv4") { ipv4 in
                            ipv4.element("tt:Enabled", true)
                            ipv4.element("tt:Config") { config in
                                config.element("tt:Manual") { manual in
                                    manual.element("tt:Address", text: address)
                                    manual.element("tt:PrefixLength", interface.ipv4PrefixLength)
                                }
                                config.element("tt:DHCP", false)
                            }
                        }
                    }
                }
            }
        }
    }
}
