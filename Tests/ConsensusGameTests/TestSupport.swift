import ConsensusGame

// Random problems come from ConsensusTesting (`ConsensusProblem.random(candidates:using:)` over
// ConsensusScoring's SplitMix64), the distribution `consensus bench solver` and the
// SolverBenchmark package time.

extension ConsensusProblem {
    /// The problem with its candidates reordered: candidate `permutation[i]` becomes candidate i.
    func permuted(_ permutation: [Int]) -> ConsensusProblem {
        try! ConsensusProblem(
            generator: generator.map { values in permutation.map { values[$0] } },
            discriminator: discriminator.map { values in permutation.map { values[$0] } })
    }
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
