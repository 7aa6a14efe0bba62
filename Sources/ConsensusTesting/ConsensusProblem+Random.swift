public import ConsensusGame
public import ConsensusScoring
import Foundation

extension ConsensusProblem {
    /// A random problem with log-scores like a small language model's: the generator's
    /// log-probabilities uniform in [-45, -2) under both prompts; the discriminator's
    /// P(correct | candidate) = p uniform in [0.01, 0.95) and P(incorrect | candidate) =
    /// (1 - p)·u with u uniform in [0.3, 1), so the two labels leave some mass unspent.
    ///
    /// This is the one distribution of the tests, `consensus bench solver` and the
    /// `Benchmarks/SolverBenchmark` package (docs/solver.md quotes figures measured on it). The
    /// draws come in a fixed order (the generator's correct, then incorrect row, then the n values
    /// of p, then the n values of u) from ``SplitMix64/uniform(_:_:)``, whose algorithm is written
    /// here, so a seed gives the same problems on every machine and Swift version.
    public static func random(candidates n: Int, using random: inout SplitMix64) -> ConsensusProblem {
        precondition(n >= 2, "a problem needs at least 2 candidates (got \(n))")
        let generator = ByCorrectness(
            correct: (0..<n).map { _ in random.uniform(-45, -2) },
            incorrect: (0..<n).map { _ in random.uniform(-45, -2) })
        let correct = (0..<n).map { _ in random.uniform(0.01, 0.95) }
        let incorrect = correct.map { (1 - $0) * random.uniform(0.3, 1) }
        let discriminator = ByCorrectness(correct: correct.map { log($0) }, incorrect: incorrect.map { log($0) })
        // Valid by construction: equal lengths, n ≥ 2, every entry finite.
        return try! ConsensusProblem(generator: generator, discriminator: discriminator)
    }

    /// `count` random problems of `n` candidates each, drawn from `SplitMix64(seed: seed &+ n)`:
    /// the batch that `consensus bench solver` and `SolverBenchmark` time for a candidate count
    /// (a different stream for each n, the same one in both front ends).
    public static func randomBatch(_ count: Int, candidates n: Int, seed: UInt64) -> [ConsensusProblem] {
        var random = SplitMix64(seed: seed &+ UInt64(n))
        return (0..<count).map { _ in .random(candidates: n, using: &random) }
    }
}

extension SplitMix64 {
    /// A uniform double in [a, b): the high 53 bits of one draw, scaled. Written out rather than
    /// taken from `Double.random(in:using:)`, whose algorithm (it reads the low bits) may change.
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(next() >> 11) * 0x1p-53
    }
}
