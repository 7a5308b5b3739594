// swift-tools-version:6.0
import PackageDescription

// Imports flow one way: maillage (CLI) → Storage / OpenData → Territory → GeometryKit → CGEOS / CPROJ.
// GeometryKit and Territory have no server dependency, so their tests build in seconds.
let package = Package(
    name: "Maillage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maillage", targets: ["maillage"]),
        .executable(name: "maillage-bench", targets: ["maillage-bench"]),
        .library(name: "GeometryKit", targets: ["GeometryKit"]),
        .library(name: "Territory", targets: ["Territory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .target(name: "GeometryKit", dependencies: ["CGEOS", "CPROJ"]),
        .target(name: "Territory", dependencies: ["GeometryKit"]),
        .target(name: "OpenData", dependencies: ["Territory", "GeometryKit"]),
        .target(name: "Storage", dependencies: ["Territory", "GeometryKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(name: "maillage", dependencies: [
            "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "maillage-bench", dependencies: ["OpenData", "Storage", "Territory", "GeometryKit"]),
        .testTarget(name: "GeometryKitTests", dependencies: ["GeometryKit"]),
        .testTarget(name: "TerritoryTests", dependencies: ["Territory", "GeometryKit"]),
        .testTarget(name: "OpenDataTests", dependencies: ["OpenData", "Territory", "GeometryKit"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OpenData", "Storage", "Territory", "GeometryKit"]),
    ]
)
