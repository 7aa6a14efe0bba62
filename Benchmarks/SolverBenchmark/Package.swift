// swift-tools-version: 6.1
// The solvers' benchmarks, apart from the main package so that its build and tests stay fast.
// It compiles only the game core (Sources/ConsensusGame is a symbolic link to the main package's)
// with the same flags as the main package's manifest: -O, and on x86-64 the build machine's
// vector instructions (CONSENSUS_GAME_CPU overrides, `generic` turns them off).
//
//     swift run -c release --package-path Benchmarks/SolverBenchmark SolverBenchmark --help
import Foundation
import PackageDescription

func gameCPUSettings() -> [SwiftSetting] {
    #if arch(x86_64)
    var cpu = Context.environment["CONSENSUS_GAME_CPU"]
    if cpu == nil {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl", "fma"]) {
            cpu = "skylake-avx512"
        } else if flags.isSuperset(of: ["avx2", "fma"]) || info.isEmpty {
            cpu = "haswell"
        }
    }
    guard let cpu, cpu != "generic" else { return [] }
    return [.unsafeFlags(["-target-cpu", cpu]), .define("CONSENSUS_FMA")]
    #else
    return []
    #endif
}

let package = Package(
    name: "SolverBenchmark",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "ConsensusGame", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))] + gameCPUSettings()),
        .executableTarget(name: "SolverBenchmark", dependencies: ["ConsensusGame"]),
    ]
)
