// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Switchboard", targets: ["Switchboard"]),
        .library(name: "SwitchboardSimulator", targets: ["SwitchboardSimulator"]),
        .library(name: "SwitchboardServer", targets: ["SwitchboardServer"]),
        .library(name: "SwitchboardVonage", targets: ["SwitchboardVonage"]),
        .library(name: "SwitchboardSMSCX", targets: ["SwitchboardSMSCX"]),
        .library(name: "SwitchboardKPN", targets: ["SwitchboardKPN"]),
        .library(name: "SwitchboardBandwidth", targets: ["SwitchboardBandwidth"]),
        .executable(name: "switchboard", targets: ["SwitchboardCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "Switchboard",
            dependencies: [
                "CCurl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SwitchboardSimulator",
            dependencies: [
                "Switchboard",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "Switchboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "SwitchboardVonage", dependencies: ["Switchboard"], path: "Plugins/Vonage",
                swiftSettings: strictSettings),
        .target(name: "SwitchboardSMSCX", dependencies: ["Switchboard"], path: "Plugins/SMSCX",
                swiftSettings: strictSettings),
        .target(name: "SwitchboardKPN", dependencies: ["Switchboard"], path: "Plugins/KPN",
                swiftSettings: strictSettings),
        .target(name: "SwitchboardBandwidth", dependencies: ["Switchboard"], path: "Plugins/Bandwidth",
                swiftSettings: strictSettings),
        .executableTarget(
            name: "SwitchboardCLI",
            dependencies: [
                "Switchboard", "SwitchboardSimulator", "SwitchboardServer",
                "SwitchboardVonage", "SwitchboardSMSCX", "SwitchboardKPN", "SwitchboardBandwidth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SwitchboardTests",
            dependencies: ["Switchboard"],
            exclude: ["Fixtures/broken-rules"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SwitchboardProviderTests",
            dependencies: [
                "Switchboard", "SwitchboardSimulator",
                "SwitchboardVonage", "SwitchboardSMSCX", "SwitchboardKPN", "SwitchboardBandwidth",
                // The simulator's answers are checked byte for byte against NIOHTTP1's encoder.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SwitchboardTestSupport",
            path: "Tests/SwitchboardTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SwitchboardRouterTests",
            dependencies: [
                "Switchboard", "SwitchboardSimulator", "SwitchboardTestSupport",
                "SwitchboardVonage", "SwitchboardSMSCX", "SwitchboardKPN", "SwitchboardBandwidth",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                // A second connection to a router's log: every column scanned for secrets, and a
                // trigger that makes a write fail for real.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SwitchboardServerTests",
            dependencies: [
                "Switchboard", "SwitchboardServer", "SwitchboardSimulator",
                "SwitchboardVonage", "SwitchboardSMSCX", "SwitchboardKPN", "SwitchboardBandwidth",
                .product(name: "Logging", package: "swift-log"),
                "SwitchboardTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SwitchboardCLITests",
            dependencies: [
                // The tests run the built `switchboard` executable (`swift build` builds it).
                "Switchboard", "SwitchboardSimulator", "SwitchboardTestSupport",
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
