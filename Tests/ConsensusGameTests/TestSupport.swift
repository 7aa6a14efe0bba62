import ConsensusGame

/// A seeded SplitMix64 generator: reproducible random problems for tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ConsensusProblem {
    /// A random problem with log-scores like a small language model's.
    static func random(candidates n: Int, using rng: inout SeededGenerator) -> ConsensusProblem {
        let g = ByCorrectness(
            correct: (0..<n).map { _ in Double.random(in: -45 ... -2, using: &rng) },
            incorrect: (0..<n).map { _ in Double.random(in: -45 ... -2, using: &rng) })
        let pc = (0..<n).map { _ in Double.random(in: 0.01...0.95, using: &rng) }
        let pi = pc.map { (1 - $0) * Double.random(in: 0.3...1, using: &rng) }
        let d = ByCorrectness(correct: pc.map { Double.log($0) }, incorrect: pi.map { Double.log($0) })
        return try! ConsensusProblem(generator: g, discriminator: d)
    }

    /// The problem with its candidates reordered: candidate `permutation[i]` becomes candidate i.
    func permuted(_ permutation: [Int]) -> ConsensusProblem {
        try! ConsensusProblem(
            generator: generator.map { values in permutation.map { values[$0] } },
            discriminator: discriminator.map { values in permutation.map { values[$0] } })
    }
}

extension Double {
    static func log(_ x: Double) -> Double { logarithm(x) }
}

/// The largest absolute difference between two arrays of equal length.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count)")
    return zip(a, b).map { x, y in x == y ? 0 : abs(x - y) }.max() ?? 0
}

/// The largest absolute difference between two policy pairs.
func maxDifference(_ a: PolicyPair, _ b: PolicyPair) -> Double {
    Correctness.allCases.map { v in
        max(maxDifference(a.generator[v], b.generator[v]), maxDifference(a.discriminator[v], b.discriminator[v]))
    }.max()!
}

/// The policies with their candidates reordered like ``ConsensusProblem/permuted(_:)``.
func permuted(_ pair: PolicyPair, _ permutation: [Int]) -> PolicyPair {
    PolicyPair(
        generator: pair.generator.map { values in permutation.map { values[$0] } },
        discriminator: pair.discriminator.map { values in permutation.map { values[$0] } })
}
