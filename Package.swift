// swift-tools-version: 6.1
import Foundation
import PackageDescription

// llama.cpp (build b11434) is built by scripts/setup.sh into a cache outside the repository, as
// static libraries with a pkg-config file, consensus-llama.pc, which the CLlama system library
// names: headers and libraries come from that one build, and nothing here needs a path to it.
//
// The game core's solver is vectorised by hand (docs/solver.md): with the vector and
// fused-multiply-add instructions of the CPU it runs 3 to 4 times faster than in a generic
// x86-64 build. The compiler needs -target-cpu for them, an unsafe flag, which SwiftPM refuses in
// a package used as a versioned dependency. So the flags below are added only when this package
// is built as the root package (a clone: README, tests, benchmarks), never when another package
// checks it out as a dependency (under .build/checkouts), whose build is then plain x86-64 (or
// arm64) with no unsafe flag: docs/solver.md measures the difference. On x86-64 the target CPU
// follows the build machine's /proc/cpuinfo (AVX-512 → skylake-avx512, AVX2 + FMA → haswell);
// CONSENSUS_GAME_CPU=<cpu> or =generic overrides it (then `swift package clean`).
//
// The game core and the llama.cpp wrapper are also optimised in debug builds of the root package
// (-O): their vector code and per-token log-softmax run many times slower unoptimised, which made
// the tests of every target slow.
let isRootPackage = !["/.build/checkouts/", "/SourcePackages/checkouts/", "/.swiftpm/"].contains {
    Context.packageDirectory.contains($0)
}

func optimisedInDebug() -> [SwiftSetting] {
    isRootPackage ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []
}

func gameCPUSettings() -> [SwiftSetting] {
    #if arch(x86_64)
    guard isRootPackage else { return [] }
    var cpu = Context.environment["CONSENSUS_GAME_CPU"]
    if cpu == nil {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl", "fma"]) {
            cpu = "skylake-avx512"
        } else if flags.isSuperset(of: ["avx2", "fma"]) || info.isEmpty {
            cpu = "haswell"  // also macOS, where /proc/cpuinfo does not exist: every Mac that runs macOS 15 has AVX2
        }
    }
    guard let cpu, cpu != "generic" else { return [] }
    return [.unsafeFlags(["-target-cpu", cpu]), .define("CONSENSUS_FMA")]
    #else
    return []
    #endif
}

// Package traits keep the network stacks off the way to the first answer (docs/first-run.md): the
// `consensus` command is built without them by default, so `rank`, `eval`, `score`, `solve` and
// `models` on the local model compile neither SwiftNIO nor Hummingbird nor BoringSSL.
//   Server          `consensus serve` (Hummingbird, SwiftNIO, Prometheus metrics)
//   RemoteEngines   `--engine URL` (vLLM, SGLang, `consensus serve`) and `bench load` (AsyncHTTPClient)
//   Full            both: `swift build -c release --product consensus --traits Full`
// The library products ConsensusServer and ConsensusRemote do not depend on traits, and neither do
// the tests (scripts/test.sh builds with Full).
let package = Package(
    name: "consensus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ConsensusGame", targets: ["ConsensusGame"]),
        .library(name: "ConsensusScoring", targets: ["ConsensusScoring"]),
        .library(name: "ConsensusRanking", targets: ["ConsensusRanking"]),
        .library(name: "ConsensusLlama", targets: ["ConsensusLlama"]),
        .library(name: "ConsensusEvaluation", targets: ["ConsensusEvaluation"]),
        .library(name: "ConsensusRemote", targets: ["ConsensusRemote"]),
        .library(name: "ConsensusServer", targets: ["ConsensusServer"]),
        .library(name: "ConsensusTesting", targets: ["ConsensusTesting"]),
        .executable(name: "consensus", targets: ["consensus"]),
    ],
    traits: [
        .trait(name: "Server", description: "`consensus serve`: the HTTP service (Hummingbird, SwiftNIO)."),
        .trait(name: "RemoteEngines", description: "`--engine URL` and `bench load`: remote engines over HTTP (AsyncHTTPClient)."),
        .trait(name: "Full", description: "Server and RemoteEngines.", enabledTraits: ["Server", "RemoteEngines"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // 1. Game core: pure Swift, no dependencies.
        .target(name: "ConsensusGame", swiftSettings: optimisedInDebug() + gameCPUSettings()),

        // 2. Scoring engines: the protocol, then the in-process llama.cpp engine.
        .target(name: "ConsensusScoring"),
        .systemLibrary(name: "CLlama", path: "Sources/CLlama", pkgConfig: "consensus-llama"),
        .target(
            name: "ConsensusLlama",
            dependencies: [
                "CLlama", "ConsensusScoring",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Models/models.json"), .copy("Models/install_model.py")],
            swiftSettings: optimisedInDebug()
        ),

        // 3. Ranking one question: templates, the ranker, and the JSON of rank and solve.
        .target(
            name: "ConsensusRanking",
            dependencies: ["ConsensusGame", "ConsensusScoring", .product(name: "Logging", package: "swift-log")]),

        // 4. Tasks and evaluation: benchmarks, open-ended tasks, the score cache, metrics, reports.
        .target(
            name: "ConsensusEvaluation",
            dependencies: [
                "ConsensusGame", "ConsensusScoring", "ConsensusRanking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // 5. Remote engines: vLLM / OpenAI-compatible completions and SGLang over HTTP.
        .target(
            name: "ConsensusRemote",
            dependencies: [
                "ConsensusScoring",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // 6. The HTTP service over any engine: ranking API and an OpenAI-compatible scoring endpoint.
        .target(
            name: "ConsensusServer",
            dependencies: [
                "ConsensusGame", "ConsensusScoring", "ConsensusRanking",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml")]
        ),

        // 7. Test support: the fixture engine, the seeded random problems, the test models' names.
        // A library of its own (pure Swift over Game and Scoring: no llama.cpp, no Testing
        // framework) rather than test-only code, because three front ends must draw the same
        // problems: the tests, `consensus bench solver` and the Benchmarks/SolverBenchmark package
        // (which depends on this package's ConsensusTesting product). The generator cannot live in
        // ConsensusGame, which depends on nothing, without a second copy of SplitMix64 (it is in
        // ConsensusScoring); so the executable depends on this target, at the cost of a few
        // kilobytes of fixture code in the binary.
        .target(name: "ConsensusTesting", dependencies: ["ConsensusGame", "ConsensusScoring"]),

        // 8. Front end: the `consensus` command; its network parts come with the traits above.
        .executableTarget(
            name: "consensus",
            dependencies: [
                "ConsensusGame", "ConsensusScoring", "ConsensusRanking", "ConsensusLlama", "ConsensusEvaluation",
                "ConsensusTesting",
                .target(name: "ConsensusRemote", condition: .when(traits: ["RemoteEngines"])),
                .target(name: "ConsensusServer", condition: .when(traits: ["Server"])),
                .product(name: "AsyncHTTPClient", package: "async-http-client", condition: .when(traits: ["RemoteEngines"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["RemoteEngines"])),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: .when(traits: ["RemoteEngines"])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "ConsensusGameTests", dependencies: ["ConsensusGame", "ConsensusScoring", "ConsensusTesting"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsensusScoringTests", dependencies: ["ConsensusScoring", "ConsensusTesting"]),
        .testTarget(name: "ConsensusTestingTests", dependencies: ["ConsensusTesting", "ConsensusGame", "ConsensusScoring"]),
        .testTarget(
            name: "ConsensusRankingTests",
            dependencies: [
                "ConsensusRanking", "ConsensusGame", "ConsensusScoring", "ConsensusTesting",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "ConsensusLlamaTests",
            dependencies: [
                "ConsensusLlama", "ConsensusScoring", "ConsensusTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusEvaluationTests", dependencies: [
                "ConsensusEvaluation", "ConsensusRanking", "ConsensusGame", "ConsensusScoring", "ConsensusLlama", "ConsensusTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusRemoteTests",
            dependencies: [
                "ConsensusRemote", "ConsensusScoring",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusServerTests",
            dependencies: [
                "ConsensusServer", "ConsensusRemote", "ConsensusLlama", "ConsensusScoring", "ConsensusRanking", "ConsensusGame",
                "ConsensusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "ConsensusCLITests",
            dependencies: [
                "ConsensusEvaluation", "ConsensusRanking", "ConsensusLlama", "ConsensusScoring", "ConsensusTesting",
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)

// Imports are checked, not a convention: a file sees only the members of the modules it imports
// itself (MemberImportVisibility), and an import is internal unless it says `public import`
// (InternalImportsByDefault), so a library's public API names the modules it exposes. With
// `--explicit-target-dependency-import-check error` (scripts/test.sh) SwiftPM also refuses an
// import of a target of the build that the importing target does not depend on, directly or
// through another. CLlama, a system library, accepts no Swift settings.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
