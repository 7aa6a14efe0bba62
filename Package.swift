// swift-tools-version: 6.1
import Foundation
import PackageDescription

// llama.cpp (build b11434) is built by scripts/setup.sh into a cache outside the repository and
// linked into it as .deps/llama (git-ignored). Headers and libraries come from that one build.
let llamaLib = "\(Context.packageDirectory)/.deps/llama/lib"

let package = Package(
    name: "consensus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ConsensusGame", targets: ["ConsensusGame"]),
        .library(name: "ConsensusScoring", targets: ["ConsensusScoring"]),
        .library(name: "ConsensusLlama", targets: ["ConsensusLlama"]),
        .library(name: "ConsensusEvaluation", targets: ["ConsensusEvaluation"]),
        .executable(name: "consensus", targets: ["consensus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // 1. Game core: pure Swift, no dependencies.
        .target(name: "ConsensusGame"),

        // 2. Scoring engines: the protocol, then the in-process llama.cpp engine.
        .target(name: "ConsensusScoring"),
        .systemLibrary(name: "CLlama", path: "Sources/CLlama"),
        .target(
            name: "ConsensusLlama",
            dependencies: [
                "CLlama", "ConsensusScoring",
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: [
                .unsafeFlags(["-L\(llamaLib)", "-Xlinker", "-rpath", "-Xlinker", llamaLib])
            ]
        ),

        // 3. Tasks and evaluation: templates, ranking with a language model, benchmarks.
        .target(
            name: "ConsensusEvaluation",
            dependencies: [
                "ConsensusGame", "ConsensusScoring",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // 4. Front end: the `consensus` command.
        .executableTarget(
            name: "consensus",
            dependencies: [
                "ConsensusGame", "ConsensusScoring", "ConsensusLlama", "ConsensusEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "ConsensusGameTests", dependencies: ["ConsensusGame"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsensusScoringTests", dependencies: ["ConsensusScoring"]),
        .testTarget(name: "ConsensusLlamaTests", dependencies: ["ConsensusLlama", "ConsensusScoring"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsensusEvaluationTests", dependencies: ["ConsensusEvaluation", "ConsensusGame", "ConsensusScoring", "ConsensusLlama"]),
        .testTarget(name: "ConsensusCLITests", dependencies: []),
    ]
)
