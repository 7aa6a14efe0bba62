// swift-tools-version: 6.1
// The solvers' benchmarks, apart from the main package so that its build and tests stay fast.
// It depends on the main package (the repository's root, by path) for two of its products only:
// ConsensusGame, built with the main manifest's flags (-O, and on x86-64 the build machine's
// vector instructions; CONSENSUS_GAME_CPU overrides, `generic` turns them off; the manifest adds
// them because this checkout is not under .build/checkouts), and ConsensusTesting, whose seeded
// problems (ConsensusProblem.random) are those the tests and `consensus bench solver` use. Neither
// depends on llama.cpp or on any other package: SwiftPM resolves the main package's dependencies
// (it reads their manifests, from its cache after the main package's first build) but builds none.
//
//     swift run -c release --package-path Benchmarks/SolverBenchmark SolverBenchmark --help
import PackageDescription

let package = Package(
    name: "SolverBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "consensus", path: "../..")],
    targets: [
        .executableTarget(
            name: "SolverBenchmark",
            dependencies: [
                .product(name: "ConsensusGame", package: "consensus"),
                .product(name: "ConsensusTesting", package: "consensus"),
            ]),
    ]
)
