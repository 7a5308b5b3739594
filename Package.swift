// swift-tools-version:6.0
import PackageDescription

// Imports flow one way: maillage (CLI) → MaillageServer → Storage / OpenData → Territory → GeometryKit → CGEOS / CPROJ.
// GeometryKit, Territory, OpenData and Storage have no server dependency, so their tests build in seconds.
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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .target(name: "GeometryKit", dependencies: ["CGEOS", "CPROJ"]),
        .target(name: "Territory", dependencies: ["GeometryKit"]),
        .target(name: "OpenData", dependencies: ["Territory", "GeometryKit"]),
        .target(name: "Storage", dependencies: ["Territory", "GeometryKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "MaillageServer", dependencies: [
            "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // tcmalloc (Debian's libgoogle-perftools-dev) for the executables: GEOS allocates and frees millions of small
        // objects from both cores at once, where glibc's malloc contends (unions 30 % faster in the coverage benchmark).
        .executableTarget(name: "maillage", dependencies: [
            "MaillageServer", "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // posix_spawn of outside programs (psql, wrk, ogrinfo, chromium) for the benchmarks and the server tests.
        .target(name: "ChildProcess"),
        .executableTarget(name: "maillage-bench", dependencies: [
            "ChildProcess", "MaillageServer", "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "Logging", package: "swift-log"),
        ], linkerSettings: [.linkedLibrary("tcmalloc_minimal")]),
        .testTarget(name: "GeometryKitTests", dependencies: ["GeometryKit"]),
        .testTarget(name: "TerritoryTests", dependencies: ["Territory", "GeometryKit"]),
        .testTarget(name: "OpenDataTests", dependencies: ["OpenData", "Territory", "GeometryKit"]),
        .testTarget(name: "IntegrationTests", dependencies: ["OpenData", "Storage", "Territory", "GeometryKit"]),
        // Starts the real server on a loopback port: real HTTP from the tests, GDAL and headless Chromium.
        .testTarget(name: "ServerTests", dependencies: [
            "ChildProcess", "MaillageServer", "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
