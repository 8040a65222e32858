// swift-tools-version: 6.1
import PackageDescription

// Tiers, dependencies pointing down only:
//   pure protocol  H264, RTP, RTCP, RTSP, SDP        bytes in, values out: no sockets, no clocks
//   adapters       CX264 + X264Encoder, CV4L2, TestPattern, VideoPipeline
//   server         StreamerServer                   SwiftNIO sockets, sessions, fan-out
//   edge           camstream                        argv, logging bootstrap, signals
let package = Package(
    name: "camstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "camstream", targets: ["camstream"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: pure protocol
        .target(name: "H264", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTP", dependencies: ["H264", .product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTCP", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "RTSP", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "SDP", dependencies: ["H264"]),

        // MARK: adapters
        // No pkgConfig: x264.pc's cflags carry -DX264_API_IMPORTS, which SwiftPM refuses with a warning
        // on every build; the header lives in /usr/include and the modulemap links x264 itself.
        .systemLibrary(name: "CX264", providers: [.apt(["libx264-dev"])]),
        .systemLibrary(
            name: "CV4L2",
            pkgConfig: "libv4l2",
            providers: [.apt(["libv4l-dev"])]
        ),
        .target(name: "X264Encoder", dependencies: ["CX264", "H264", .product(name: "NIOCore", package: "swift-nio")]),
        .target(name: "TestPattern"),
        .target(
            name: "VideoPipeline",
            dependencies: [
                "H264", "X264Encoder", "TestPattern",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: server
        .target(
            name: "StreamerServer",
            dependencies: [
                "H264", "RTP", "RTCP", "RTSP", "SDP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: edge
        .executableTarget(
            name: "camstream",
            dependencies: [
                "StreamerServer", "VideoPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: tests
        .testTarget(name: "H264Tests", dependencies: ["H264"]),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "H264"]),
        .testTarget(name: "RTCPTests", dependencies: ["RTCP"]),
        .testTarget(name: "RTSPTests", dependencies: ["RTSP"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "H264"]),
        .testTarget(name: "CV4L2Tests", dependencies: ["CV4L2"]),
        .testTarget(name: "X264EncoderTests", dependencies: ["X264Encoder", "H264", "TestPattern"]),
        .testTarget(name: "TestPatternTests", dependencies: ["TestPattern"]),
        .testTarget(
            name: "VideoPipelineTests",
            dependencies: ["VideoPipeline", "X264Encoder", "H264", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "StreamerServerTests",
            dependencies: [
                "StreamerServer", "RTSP", "RTP", "RTCP", "H264", "VideoPipeline", "X264Encoder",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CamstreamIntegrationTests",
            dependencies: [
                "RTSP", "RTP", "RTCP", "H264", "StreamerServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
