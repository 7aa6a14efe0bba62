/// The initial policies in log space: log π_G¹(y | v) and log π_D¹(v | y), both indexed `[v][y]`.
struct LogPolicyPair: Sendable, Hashable {
    var generator: ByCorrectness<[Double]>
    var discriminator: ByCorrectness<[Double]>

    /// The probabilities, exp of each entry.
    var probabilities: PolicyPair {
        PolicyPair(
            generator: generator.map { $0.map(LogSpace.exp) },
            discriminator: discriminator.map { $0.map(LogSpace.exp) })
    }
}

extension ConsensusProblem {
    /// The initial policies π_G¹ and π_D¹ computed from the scores (spec section 3), in log space.
    ///
    /// Everything is computed with log-sum-exp, so scores far below the smallest double's
    /// logarithm (for example -1e30) are handled exactly.
    ///
    /// Zero probabilities (`-infinity` scores):
    /// - cross-normalisation divides P(y | v) by Σ_v' P(y | v'); when a candidate has probability 0
    ///   under both generator prompts this is 0/0, which is taken as 0 (the candidate gets π_G¹ = 0).
    ///   Likewise, when P(v | y) = 0 for every y, the discriminator's cross-normalised score for
    ///   that v is 0 for every y;
    /// - a distribution whose every unnormalised entry is 0 becomes uniform (for example
    ///   π_G¹(· | correct) when every candidate has generator score -infinity for `correct`).
    ///
    /// - Parameter normalization: cross-normalised (the paper's default) or plain.
    /// - Returns: probabilities, indexed `[v][y]` for both players.
    public func initialPolicies(_ normalization: InitialPolicyNormalization = .crossNormalized) -> PolicyPair {
        initialLogPolicies(normalization).probabilities
    }

    /// The initial policies' logarithms; see ``initialPolicies(_:)``.
    func initialLogPolicies(_ normalization: InitialPolicyNormalization) -> LogPolicyPair {
        let n = candidateCount
        var g = generator
        var d = discriminator
        if normalization == .crossNormalized {
            // Generator: divide by Σ_v P(y | v), for each candidate y.
            for y in 0..<n {
                let total = LogSpace.logSumExp([generator.correct[y], generator.incorrect[y]])
                for v in Correctness.allCases {
                    g[v][y] = total == -.infinity ? -.infinity : generator[v][y] - total
                }
            }
            // Discriminator: divide by Σ_y P(v | y), for each label v.
            for v in Correctness.allCases {
                let total = LogSpace.logSumExp(discriminator[v])
                d[v] = discriminator[v].map { total == -.infinity ? -.infinity : $0 - total }
            }
        }
        // Generator: normalise over y for each v.
        let logG = g.map(LogSpace.logSoftmax)
        // Discriminator: normalise over v for each y.
        var logD = ByCorrectness(correct: [Double](repeating: 0, count: n), incorrect: [Double](repeating: 0, count: n))
        for y in 0..<n {
            let pair = LogSpace.logSoftmax([d.correct[y], d.incorrect[y]])
            logD.correct[y] = pair[0]
            logD.incorrect[y] = pair[1]
        }
        return LogPolicyPair(generator: logG, discriminator: logD)
    }
}
