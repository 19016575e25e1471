// swift-tools-version: 6.0
import PackageDescription

/// Linkhaven: pseudonymised data sharing and record linkage for public-sector partnerships.
///
/// `LinkhavenCore` depends on swift-crypto only; the provider-side `linkhaven` executable
/// links Core and the CLI library, never the server.
let package = Package(
    name: "Linkhaven",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "LinkhavenCore", targets: ["LinkhavenCore"]),
        .executable(name: "linkhaven", targets: ["linkhaven"]),
        .library(name: "LinkhavenAPI", targets: ["LinkhavenAPI"]),
        .library(name: "LinkhavenServer", targets: ["LinkhavenServer"]),
        .executable(name: "linkhaven-server", targets: ["linkhaven-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "LinkhavenCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "LinkhavenCLI",
            dependencies: [
                "LinkhavenCore",
                "LinkhavenAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "linkhaven", dependencies: ["LinkhavenCLI"]),
        // The API contract: endpoints, their bodies and replies, statuses; Foundation and Core only (the
        // reports Core computes cross it), so that every client (the provider tool too) compiles against it
        // without the server.
        .target(name: "LinkhavenAPI", dependencies: ["LinkhavenCore"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "LinkhavenServer",
            dependencies: [
                "LinkhavenCore",
                "LinkhavenAPI",
                "CZlib",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                // JOSE for single sign-on: ID tokens checked against the identity provider's published keys.
                .product(name: "JWTKit", package: "jwt-kit"),
                // Operability: counters and timers through swift-metrics, exposed in Prometheus's text format.
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Tooling around the product, not in it: the HTTP client the demo and the benchmarks drive the API
        // with, the demo, the benchmarks, and the server's commands (ArgumentParser).
        .target(
            name: "LinkhavenTooling",
            dependencies: [
                "LinkhavenServer",
                "LinkhavenAPI",
                "LinkhavenCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "linkhaven-server",
            dependencies: ["LinkhavenTooling", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "LinkhavenCoreTests", dependencies: ["LinkhavenCore"]),
        .testTarget(name: "LinkhavenCLITests", dependencies: ["LinkhavenCLI", "linkhaven"]),
        .testTarget(name: "LinkhavenAPITests", dependencies: ["LinkhavenAPI"]),
        .testTarget(
            name: "LinkhavenServerTests",
            dependencies: ["LinkhavenServer", "LinkhavenTooling", "linkhaven-server", "linkhaven", .product(name: "VaporTesting", package: "vapor")],
            exclude: ["Snapshots", "Fixtures"]   // read by SchemaSnapshotTests and UpgradeTests from the source tree
        ),
    ],
    swiftLanguageModes: [.v6]
)
