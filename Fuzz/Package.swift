// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for everything that parses bytes from the network or a human.
// Built apart from the main package because they only link with `swift build --sanitize fuzzer`
// (which supplies libFuzzer's main); see scripts/fuzz.
let package = Package(
    name: "camstream-fuzz",
    dependencies: [
        .package(name: "camstream", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(name: "FuzzRTSPMessages", dependencies: [.product(name: "CamstreamProtocols", package: "camstream"), .product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(name: "FuzzRTSPHeaders", dependencies: [.product(name: "CamstreamProtocols", package: "camstream")]),
        .executableTarget(name: "FuzzConfig", dependencies: [.product(name: "CamstreamConfig", package: "camstream")]),
        .executableTarget(name: "FuzzONVIF", dependencies: [.product(name: "CamstreamProtocols", package: "camstream")]),
        .executableTarget(name: "FuzzRTCP", dependencies: [.product(name: "CamstreamProtocols", package: "camstream"), .product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(
            name: "FuzzRTSPConnection",
            dependencies: [
                .product(name: "CamstreamServer", package: "camstream"), .product(name: "CamstreamProtocols", package: "camstream"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
