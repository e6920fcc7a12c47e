// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "intake",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .library(name: "IntakeKit", targets: ["IntakeKit"]),
    ],
    dependencies: [
        // YAML engine (wraps libyaml); imported by IntakeLoader only.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Command-line parsing; imported by IntakeCLI only.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 digests of specs, models and source files; imported by IntakeSpec only.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // SQLite state store; imported by IntakeStore only.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Stage 0: locations and diagnostics, shared by every stage.
        .target(name: "IntakeDiagnostics"),
        // Stage 1: the typed spec and model, every value with its source location.
        .target(
            name: "IntakeSpec",
            dependencies: ["IntakeDiagnostics", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Stage 1: YAML → IntakeSpec, strict about shape.
        .target(name: "IntakeLoader", dependencies: ["IntakeSpec", "Yams"]),
        // Stage 2: checks against the model and lowering to a Plan.
        .target(name: "IntakeCompiler", dependencies: ["IntakeSpec"]),
        // Stage 3: CSV reading, coercion, row checks, diff against the state → Changeset.
        .target(name: "IntakeRunner", dependencies: ["IntakeCompiler", "CMemoryHints"]),
        // A cache prefetch hint, which Swift does not expose.
        .target(name: "CMemoryHints"),
        // Stage 4: the SQLite state store (apply, run history).
        .target(
            name: "IntakeStore",
            dependencies: [
                "IntakeRunner", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the one scan that steps a million rows without GRDB's row wrappers.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // libcurl (HTTP(S), S3 SigV4, SFTP via libssh2); imported by IntakeSources only.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Fetching a plan's source over the network into .intake/.
        .target(name: "IntakeSources", dependencies: ["IntakeCompiler", "CCurl"]),
        // Services over a project folder: validate, compile, init, plan, apply.
        .target(name: "IntakeKit", dependencies: ["IntakeLoader", "IntakeCompiler", "IntakeRunner", "IntakeStore", "IntakeSources"]),
        // sync_file_range(2) for the changeset file, which Swift's Glibc module does not declare.
        .target(name: "CWriteBehind"),
        // Removes a changeset file still being written when the run exits or is interrupted:
        // a signal handler must be async-signal-safe, which Swift code cannot promise.
        .target(name: "CPartialFiles"),
        // Argument parsing and rendering only.
        .target(
            name: "IntakeCLI",
            dependencies: ["IntakeKit", "CWriteBehind", "CPartialFiles", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // mimalloc replaces glibc's malloc in the intake program (not in the libraries): a plan
        // allocates millions of small strings and arrays on one thread and frees them on
        // another, where glibc's allocator cost a fifth of a million-row plan (README, "Performance").
        .systemLibrary(name: "CMimalloc", path: "Sources/CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        .executableTarget(name: "intake", dependencies: ["IntakeCLI", .target(name: "CMimalloc", condition: .when(platforms: [.linux]))]),

        .target(name: "IntakeTestSupport", dependencies: ["IntakeKit"], path: "Tests/IntakeTestSupport"),
        .testTarget(name: "IntakeLoaderTests", dependencies: ["IntakeLoader", "IntakeTestSupport"]),
        .testTarget(
            name: "IntakeCompilerTests", dependencies: ["IntakeCompiler", "IntakeLoader", "IntakeTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "IntakeRunnerTests", dependencies: ["IntakeRunner", "IntakeStore", "IntakeLoader", "IntakeTestSupport"]),
        .testTarget(name: "IntakeStoreTests", dependencies: ["IntakeStore", "IntakeTestSupport"]),
        .testTarget(
            name: "IntakeSourcesTests", dependencies: ["IntakeSources", "IntakeKit", "IntakeCLI", "IntakeTestSupport"], exclude: ["Servers"]),
        .testTarget(name: "IntakeKitTests", dependencies: ["IntakeKit", "IntakeCLI", "IntakeTestSupport"], exclude: ["Snapshots"]),
    ]
)
