// swift-tools-version:6.0
import PackageDescription

// `MAILLAGE_SANITIZE=address swift test -c release …` (Tools/test.sh) builds GeometryKit and Territory — the code that
// hands GEOS and PROJ handles to C — under AddressSanitizer. In release: optimisation is what lets Swift end an owner's
// lifetime right after its last use, and a debug build, keeping owners alive to the end of their scope, hides exactly
// the bugs this run is for. The other modules and the packages build as usual.
let sanitized = Context.environment["MAILLAGE_SANITIZE"] == "address"
let sanitizerSwiftSettings: [SwiftSetting] = sanitized ? [.unsafeFlags(["-sanitize=address"])] : []
let sanitizerLinkerSettings: [LinkerSetting] = sanitized ? [.unsafeFlags(["-sanitize=address"])] : []
// The test targets that drive the product from outside (files, stores, HTTP, processes) compile unoptimised even in a
// release build: their own code does little work, and optimising it was a tenth of CI's build. The product modules they
// test stay optimised; the targets under AddressSanitizer, and the national tier's brute-force references, too.
let outsideTestSwiftSettings: [SwiftSetting] = [.unsafeFlags(["-Onone"])]

// Imports flow one way: maillage (CLI) → MaillageServer → UseCases → Cartography / StorageSQLite / StoragePostGIS / OpenData
// → Storage → Territory → GeometryKit → CGEOS / CPROJ. Nothing below MaillageServer depends on Hummingbird.
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
        // SHA-256 of the access tokens: the tokens file holds digests, never the tokens.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The PostGIS store: PostgreSQL's wire protocol, async (a connection pool, LISTEN/NOTIFY).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The server's background task that follows the store's changes, stopped with the server (graceful shutdown).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        // zlib's gzip file API: the importers read the published files plain or gzip-compressed (Data/ holds .gz).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // cairo: the PNG backend of the report maps (image surface, paths, toy text API, PNG writer).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "GeometryKit", dependencies: ["CGEOS", "CPROJ"],
                swiftSettings: sanitizerSwiftSettings, linkerSettings: sanitizerLinkerSettings),
        .target(name: "Territory", dependencies: ["GeometryKit"], swiftSettings: sanitizerSwiftSettings),
        .target(name: "OpenData", dependencies: ["Territory", "GeometryKit", "CZlib"]),
        // The store: its protocol, the records and rules both implementations share (derived rows, status keys, commit
        // and roster conflicts, change counters); then one target per implementation, neither importing the other.
        .target(name: "Storage", dependencies: ["Territory", "GeometryKit"]),
        .target(name: "StorageSQLite", dependencies: ["Storage", "Territory", "GeometryKit", "CZlib",
                                                      .product(name: "GRDB", package: "GRDB.swift"),
                                                      // SQLite's C API, for binding bulk inserts without GRDB's boxed arguments
                                                      .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "StoragePostGIS", dependencies: ["Storage", "Territory", "GeometryKit",
                                                       .product(name: "PostgresNIO", package: "postgres-nio"),
                                                       .product(name: "Logging", package: "swift-log")]),
        // The application layer: what users do, once, for the CLI and the service alike (parse → use case → encode).
        .target(name: "UseCases", dependencies: ["Storage", "StorageSQLite", "StoragePostGIS", "OpenData", "Cartography", "Territory", "GeometryKit",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        // Report maps: a layout in Lambert-93 with the DROM insets, one scene drawn as SVG (written here) or PNG (cairo).
        .target(name: "Cartography", dependencies: ["Territory", "GeometryKit", "CCairo"], swiftSettings: sanitizerSwiftSettings),
        .target(name: "MaillageServer", dependencies: [
            "UseCases", "Cartography", "OpenData", "Storage", "Territory", "GeometryKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        // The web map's page, script and style, as files (served from the bundle beside the binary).
        resources: [.copy("Web")]),
        // tcmalloc (Debian's libgoogle-perftools-dev) for both executables, so that the benchmarks measure the
        // allocator users run: GEOS allocates and frees millions of small objects from both cores at once, where
        // glibc's malloc contends (unions 30 % faster in the coverage benchmark).
        .executableTarget(name: "maillage", dependencies: [
            "MaillageServer", "UseCases", "Cartography", "OpenData", "Storage", "StorageSQLite", "Territory", "GeometryKit",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [.linkedLibrary("tcmalloc_minimal")]),
        // posix_spawn of outside programs (psql, wrk, ogrinfo, chromium) for the benchmarks and the server tests.
        .target(name: "ChildProcess"),
        // What the tests and the benchmarks share, kept out of the product: seeded random draws and the reference min-cost
        // flow solver; and, apart so that the unit tests stay light, the store fixtures and scratch stores (MAILLAGE_TEST_DB).
        .target(name: "TestSupport", dependencies: ["Territory", "GeometryKit"]),
        .target(name: "StoreTestSupport", dependencies: ["Storage", "StoragePostGIS", "Territory", "GeometryKit"]),
        // The national CPTS scenario and roster generated from the real commune layer with a fixed seed: one generator
        // for the release test tier (NationalTests) and `maillage-bench cli`, which writes it as the published files.
        .target(name: "NationalScenario", dependencies: ["TestSupport", "Territory", "OpenData", "GeometryKit"]),
        .executableTarget(name: "maillage-bench", dependencies: [
            "ChildProcess", "MaillageServer", "NationalScenario", "TestSupport", "StoreTestSupport", "UseCases", "OpenData", "Storage", "StorageSQLite",
            "Territory", "GeometryKit",
            .product(name: "Logging", package: "swift-log"),
        ], linkerSettings: [.linkedLibrary("tcmalloc_minimal")]),
        .testTarget(name: "GeometryKitTests", dependencies: ["GeometryKit", "ChildProcess", "TestSupport"], swiftSettings: sanitizerSwiftSettings),
        .testTarget(name: "TerritoryTests", dependencies: ["Territory", "GeometryKit", "TestSupport"], swiftSettings: sanitizerSwiftSettings),
        // Layouts on hand-built communes, the SVG read back as XML, the PNG's pixels read back by GDAL.
        .testTarget(name: "CartographyTests", dependencies: ["Cartography", "Territory", "GeometryKit", "ChildProcess"],
                    swiftSettings: sanitizerSwiftSettings),
        .testTarget(name: "OpenDataTests", dependencies: ["OpenData", "Territory", "GeometryKit"], swiftSettings: outsideTestSwiftSettings),
        .testTarget(name: "IntegrationTests", dependencies: ["OpenData", "Storage", "StorageSQLite", "StoragePostGIS", "UseCases", "Cartography",
                                                        "TestSupport", "StoreTestSupport", "Territory", "GeometryKit",
                                                        .product(name: "GRDB", package: "GRDB.swift"),
                                                        .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: outsideTestSwiftSettings),
        // The national tier: the whole country from Data/, a generated national CPTS scenario, checked against figures
        // derived in the test. Runs in release (`swift test -c release --filter NationalTests`), where users run.
        .testTarget(name: "NationalTests", dependencies: ["ChildProcess", "NationalScenario", "TestSupport", "StoreTestSupport", "OpenData", "Storage",
                                                     "StorageSQLite", "StoragePostGIS", "UseCases", "Territory", "GeometryKit"]),
        // Runs the built `maillage` executable on the README's commands, as a user types them.
        .testTarget(name: "CLITests", dependencies: ["ChildProcess", "Storage", "StoragePostGIS", "UseCases", "StoreTestSupport", "Territory"],
                    swiftSettings: outsideTestSwiftSettings),
        // Starts the real server on a loopback port: real HTTP from the tests, GDAL and headless Chromium.
        .testTarget(name: "ServerTests", dependencies: [
            "ChildProcess", "MaillageServer", "UseCases", "TestSupport", "StoreTestSupport", "Cartography", "OpenData", "Storage", "StorageSQLite",
            "StoragePostGIS", "Territory", "GeometryKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: outsideTestSwiftSettings),
    ]
)
