// swift-tools-version: 6.1
import Foundation
import PackageDescription

// llama.cpp (build b11434) is built by scripts/setup.sh into a cache outside the repository and
// linked into it as .deps/llama (git-ignored). Headers and libraries come from that one build.
let llamaLib = "\(Context.packageDirectory)/.deps/llama/lib"

// The game core's solver is vectorised by hand (docs/solver.md) and needs the vector and
// fused-multiply-add instructions of the CPU to reach its speed; without them it still runs,
// about 2.5 times slower. On x86-64 the target CPU is chosen from the build machine's
// /proc/cpuinfo (AVX-512 → skylake-avx512, AVX2 + FMA → haswell), like llama.cpp's
// GGML_NATIVE build; set CONSENSUS_GAME_CPU to a CPU name (`swiftc -target-cpu help`) or to
// `generic` to override, for example when the binary must run on an older machine.
//
// The game core is also optimised in debug builds (-O): its vector code is about 50 times slower
// unoptimised, which made the tests of every target that solves games slow.
func gameSwiftSettings() -> [SwiftSetting] {
    [.unsafeFlags(["-O"], .when(configuration: .debug))] + gameCPUSettings()
}

func gameCPUSettings() -> [SwiftSetting] {
    #if arch(x86_64)
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
        .executable(name: "consensus", targets: ["consensus"]),
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
    ],
    targets: [
        // 1. Game core: pure Swift, no dependencies.
        .target(name: "ConsensusGame", swiftSettings: gameSwiftSettings()),

        // 2. Scoring engines: the protocol, then the in-process llama.cpp engine.
        .target(name: "ConsensusScoring"),
        .systemLibrary(name: "CLlama", path: "Sources/CLlama"),
        .target(
            name: "ConsensusLlama",
            dependencies: [
                "CLlama", "ConsensusScoring",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Models/models.json"), .copy("Models/install_model.py")],
            // Optimised in debug builds too: the log-softmax over the vocabulary at every scored
            // position is a plain Swift loop, many times slower unoptimised.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))],
            linkerSettings: [
                .unsafeFlags(["-L\(llamaLib)", "-Xlinker", "-rpath", "-Xlinker", llamaLib])
            ]
        ),

        // 3. Ranking one question: templates, the ranker, and the JSON of rank and solve.
        .target(name: "ConsensusRanking", dependencies: ["ConsensusGame", "ConsensusScoring"]),

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

        // 7. Front end: the `consensus` command.
        .executableTarget(
            name: "consensus",
            dependencies: [
                "ConsensusGame", "ConsensusScoring", "ConsensusRanking", "ConsensusLlama", "ConsensusEvaluation",
                "ConsensusRemote", "ConsensusServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "ConsensusGameTests", dependencies: ["ConsensusGame"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsensusScoringTests", dependencies: ["ConsensusScoring"]),
        .testTarget(name: "ConsensusRankingTests", dependencies: ["ConsensusRanking", "ConsensusGame", "ConsensusScoring", "ConsensusLlama"]),
        .testTarget(name: "ConsensusLlamaTests", dependencies: ["ConsensusLlama", "ConsensusScoring"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusEvaluationTests", dependencies: ["ConsensusEvaluation", "ConsensusRanking", "ConsensusGame", "ConsensusScoring", "ConsensusLlama"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusRemoteTests",
            dependencies: [
                "ConsensusRemote", "ConsensusScoring",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConsensusServerTests",
            dependencies: [
                "ConsensusServer", "ConsensusRemote", "ConsensusLlama", "ConsensusScoring", "ConsensusRanking", "ConsensusGame",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "ConsensusCLITests",
            dependencies: [
                "ConsensusEvaluation", "ConsensusRanking", "ConsensusLlama", "ConsensusScoring",
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
