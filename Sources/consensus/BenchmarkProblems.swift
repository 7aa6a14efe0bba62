import ConsensusGame
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reproducible random consensus problems for benchmarks: SplitMix64, log-scores like a small
/// language model's (generator log-probabilities between -60 and -1, label log-probabilities
/// between -8 and -0.01).
struct BenchmarkProblems {
    private var state: UInt64

    /// The number of cores the system can use now.
    static var activeCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(next() >> 11) * 0x1p-53
    }

    mutating func problem(candidates n: Int) -> ConsensusProblem {
        let g = ByCorrectness(correct: (0..<n).map { _ in uniform(-60, -1) }, incorrect: (0..<n).map { _ in uniform(-60, -1) })
        let d = ByCorrectness(correct: (0..<n).map { _ in uniform(-8, -0.01) }, incorrect: (0..<n).map { _ in uniform(-8, -0.01) })
        // Valid by construction: equal lengths, n ≥ 2, finite.
        return try! ConsensusProblem(generator: g, discriminator: d)
    }
}
