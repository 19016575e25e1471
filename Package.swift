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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "linkhaven", dependencies: ["LinkhavenCLI"]),
        .testTarget(name: "LinkhavenCoreTests", dependencies: ["LinkhavenCore"]),
        .testTarget(name: "LinkhavenCLITests", dependencies: ["LinkhavenCLI", "linkhaven"]),
    ],
    swiftLanguageModes: [.v6]
)
