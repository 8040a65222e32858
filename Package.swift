// swift-tools-version: 6.1
import PackageDescription

// Tiers, dependencies pointing down only:
//   pure protocol  H264, RTP, RTCP, RTSP, SDP, FMP4, bytes in, values out: no sockets, no clocks
//                  RTSPAuth, RTSPClient, Timecode, ONVIF (SOAP through libxml2)
//   adapters       CX264 + X264Encoder, CV4L2 + V4L2Capture, CLibcamera + LibcameraShim + LibcameraCapture, CYUV, CTurboJPEG, TestPattern, VideoPipeline
//   server         StreamerServer                   SwiftNIO sockets, sessions, fan-out
//                  StreamerConfig                   the YAML config: model, parsing, validation
//                  SystemdSupport, DeploymentDoctor sd_notify/watchdog/journald; `camstream doctor`'s checks
//   edge           camstream                        argv, logging bootstrap, signals
let package = Package(
    name: "camstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "camstream", targets: ["camstream"]),
        // The pure protocol code, for the fuzzers in Fuzz/ (a package of their own, built with -sanitize=fuzzer).
        .library(name: "CamstreamProtocols", targets: ["H264", "RTP", "RTCP", "RTSP", "RTSPAuth", "RTSPClient", "SDP", "ONVIF"]),
        // The config model and parser, for the config fuzzer.
        .library(name: "CamstreamConfig", targets: ["StreamerConfig"]),
        // The server's connection handling (through its `@_spi(Fuzzing)` entry points) and a real encoder for its
        // source, for the connection fuzzer; the binary does not link this product.
        .library(name: "CamstreamServer", targets: ["StreamerServer", "X264Encoder", "TestPattern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // 4.x: its Linux sources import FoundationEssentials, not all of Foundation and ICU (3.x did).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // /metrics: swift-metrics' handler protocols for the sources, swift-prometheus' registry and text exposition
        // for the server. Prometheus needs only CoreMetrics and Atomics, no Foundation.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: pure protocol
        .target(name: "H264", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTP", dependencies: ["H264", .product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTCP", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTSP", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "SDP", dependencies: ["H264"]),
        .target(name: "RTSPAuth", dependencies: ["RTSP", .product(name: "Crypto", package: "swift-crypto")]),
        // The publisher's side of RTSP (ANNOUNCE/SETUP record/RECORD to a relay) as a pure state machine.
        .target(
            name: "RTSPClient",
            dependencies: ["RTSP", "RTSPAuth", .product(name: "NIOCore", package: "swift-nio")]),
        // ONVIF Profile S's device and media services and WS-Discovery: request bytes in, response documents out.
        .target(
            name: "ONVIF",
            dependencies: ["CLibXML2", "RTSPAuth", .product(name: "Crypto", package: "swift-crypto")]),
        // Fragmented MP4 for the browser: access units and parameter sets in, boxes out.
        .target(name: "FMP4", dependencies: ["H264", .product(name: "NIOCore", package: "swift-nio")]),
        // A frame's capture time drawn into its picture and read back from pixels (test pattern, tests, bench).
        .target(name: "Timecode"),

        // MARK: adapters
        // libxml2 for ONVIF's SOAP requests (Debian's libxml2-dev; libxml-2.0.pc gives /usr/include/libxml2).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // No pkgConfig: x264.pc's cflags carry -DX264_API_IMPORTS, which SwiftPM refuses with a warning
        // on every build; the header lives in /usr/include and the modulemap links x264 itself.
        .systemLibrary(name: "CX264", providers: [.apt(["libx264-dev"])]),
        .systemLibrary(
            name: "CV4L2",
            pkgConfig: "libv4l2",
            providers: [.apt(["libv4l-dev"])]
        ),
        // No pkgConfig: Debian's libyuv-dev ships no .pc file; the modulemap links yuv itself.
        .systemLibrary(name: "CYUV", providers: [.apt(["libyuv-dev"])]),
        // libjpeg-turbo's TurboJPEG API for /snapshot.jpg; Debian's .pc file is libturbojpeg.pc.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .target(name: "V4L2Capture", dependencies: ["CV4L2"]),
        // libcamera (Raspberry Pi camera modules; vimc in the VM tests): its C++ API behind a C header.
        // CLibcamera carries pkg-config's flags and link lines, LibcameraShim the C++ (see its header
        // for why a C shim rather than Swift's C++ interop), LibcameraCapture the Swift face.
        .systemLibrary(name: "CLibcamera", pkgConfig: "libcamera", providers: [.apt(["libcamera-dev"])]),
        .target(name: "LibcameraShim", dependencies: ["CLibcamera"]),
        .target(name: "LibcameraCapture", dependencies: ["LibcameraShim", "V4L2Capture"]),
        .target(name: "X264Encoder", dependencies: ["CX264", "H264", .product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "TestPattern", dependencies: ["Timecode"]),
        .target(
            name: "VideoPipeline",
            dependencies: [
                "H264", "X264Encoder", "TestPattern", "V4L2Capture", "LibcameraCapture", "CYUV", "CTurboJPEG",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: server
        .target(
            name: "StreamerServer",
            dependencies: [
                "H264", "RTP", "RTCP", "RTSP", "RTSPAuth", "RTSPClient", "SDP", "FMP4", "ONVIF",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // libyaml's event parser, driven by StreamerConfig's own composer: every node keeps its line and column,
        // and the binary needs no Foundation (Yams pulled in all of it, and ICU, for a few KB of config).
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "StreamerConfig",
            dependencies: [
                "X264Encoder", "V4L2Capture", "CYAML", "RTSPAuth", "RTSPClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Speaks to systemd directly over $NOTIFY_SOCKET and journald's stream: no libsystemd needed.
        .target(
            name: "SystemdSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "DeploymentDoctor",
            dependencies: [
                "StreamerConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: edge
        .executableTarget(
            name: "camstream",
            dependencies: [
                "StreamerServer", "VideoPipeline", "V4L2Capture", "LibcameraCapture", "StreamerConfig", "SystemdSupport", "DeploymentDoctor", "RTSPAuth",
                "RTSPClient", "ONVIF",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: benchmarks (apart from tests: `swift run -c release V4L2CaptureBenchmark`)
        .executableTarget(
            name: "V4L2CaptureBenchmark",
            dependencies: ["VideoPipeline", "V4L2Capture", "X264Encoder"],
            path: "Benchmarks/V4L2CaptureBenchmark"
        ),

        // MARK: tests
        .target(name: "SeededRandom", path: "Tests/SeededRandom"),
        .testTarget(name: "H264Tests", dependencies: ["H264", "SeededRandom"]),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "H264", "SeededRandom"]),
        .testTarget(name: "RTCPTests", dependencies: ["RTCP", "SeededRandom"]),
        .testTarget(name: "RTSPTests", dependencies: ["RTSP", "SeededRandom"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "H264"]),
        .testTarget(name: "FMP4Tests", dependencies: ["FMP4", "H264", "X264Encoder", "TestPattern", "ProcessTestSupport"]),
        .testTarget(name: "ONVIFTests", dependencies: ["ONVIF"]),
        .testTarget(name: "RTSPAuthTests", dependencies: ["RTSPAuth", "RTSP", "SeededRandom"]),
        .testTarget(
            name: "RTSPClientTests", dependencies: ["RTSPClient", "RTSP", "RTSPAuth", "SeededRandom", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "CV4L2Tests", dependencies: ["CV4L2"]),
        .testTarget(name: "V4L2CaptureTests", dependencies: ["V4L2Capture"]),
        .testTarget(name: "LibcameraCaptureTests", dependencies: ["LibcameraCapture", "ProcessTestSupport"]),
        .testTarget(
            name: "VideoPipelineTests",
            dependencies: [
                "VideoPipeline", "V4L2Capture", "X264Encoder", "H264", "CTurboJPEG", "TestPattern", "SeededRandom", "LogTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(name: "X264EncoderTests", dependencies: ["X264Encoder", "H264", "TestPattern"]),
        .testTarget(name: "TestPatternTests", dependencies: ["TestPattern", "Timecode"]),
        .testTarget(name: "TimecodeTests", dependencies: ["Timecode", "TestPattern", "X264Encoder", "H264", "ProcessTestSupport"]),
        .testTarget(name: "StreamerConfigTests", dependencies: ["StreamerConfig", "X264Encoder", "V4L2Capture"]),
        // The receiving end of $NOTIFY_SOCKET, for the notifier's tests and the binary's.
        .target(name: "SystemdTestSupport", path: "Tests/SystemdTestSupport"),
        // Real programs (ffmpeg, gst-launch-1.0, camstream itself) run to completion under a deadline.
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport"),
        // Every message a test's logger took, to wait for and to read back.
        .target(
            name: "LogTestSupport", dependencies: ["ProcessTestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/LogTestSupport"),
        // What test clients hand from an event loop to a test's task, copied there (see OwnedCopies.swift).
        .target(
            name: "LoopHandOffSupport", dependencies: ["RTSP", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/LoopHandOffSupport"),
        .testTarget(
            name: "SystemdSupportTests",
            dependencies: [
                "SystemdSupport", "SystemdTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "DeploymentDoctorTests", dependencies: ["DeploymentDoctor", "StreamerConfig"]),
        .testTarget(
            name: "StreamerServerTests",
            dependencies: [
                "StreamerServer", "RTSP", "RTSPAuth", "RTSPClient", "RTP", "RTCP", "H264", "VideoPipeline", "X264Encoder",
                "TestPattern", "ProcessTestSupport", "LoopHandOffSupport", "SeededRandom", "LogTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CamstreamIntegrationTests",
            dependencies: [
                "RTSP", "RTP", "RTCP", "H264", "StreamerServer", "SystemdTestSupport", "ProcessTestSupport", "LoopHandOffSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // C the tests compile themselves with cc and LD_PRELOAD into camstream, the Python relays the push tests
            // publish to, the browser tests' Selenium and WebSocket scripts, and the ONVIF tests' Home Assistant library drivers:
            // not part of this target.
            exclude: ["Faults", "Relays", "Browser", "ONVIF"]
        ),
    ],
    // libcamera's headers need C++17.
    cxxLanguageStandard: .cxx17
)
