public import ConsensusGame
import Foundation

extension ItemOutcome {
    /// The candidates tied for method `m`'s best score (one index unless there is a tie).
    public func bestCandidates(_ m: RankingMethod) -> [Int] {
        BestCandidates.of(solution.scores[m])
    }

    /// Method `m`'s pick: the best candidate, the lowest index among tied best ones (the
    /// ranking's tie rule).
    public func pick(_ m: RankingMethod) -> Int {
        solution.scores.pick(m)
    }

    /// Method `m`'s accuracy credit for this item, with **ties as split credit**: 1/k when a
    /// right answer is among the k candidates tied for the best score, 0 when none is.
    ///
    /// Breaking ties by candidate order would credit a method by position: in HHH the preferred
    /// response is first in every row, so a method that gives both responses the same score
    /// would score 100%. With split credit it scores 50%, what a coin would.
    public func credit(_ m: RankingMethod) -> Double {
        BestCandidates.credit(solution.scores[m], answers: item.answers)
    }

    /// The distribution over candidates that method `m` implies, for the MC2 metric:
    /// - G: softmax of log P(y | x, correct), lm-evaluation-harness's `mc2`;
    /// - MI: softmax of log P(y | x, correct) + log P(correct | x, y);
    /// - SC: π_G¹(· | correct); ER-G: π_G*(· | correct) (each already a distribution, divided by
    ///   its sum against rounding);
    /// - D: π_D¹(correct | y) divided by its sum over candidates; ER-D: π_D*(correct | y) likewise;
    ///   MI*: π_G¹(y | correct) · π_D¹(correct | y) likewise.
    ///
    /// When every candidate has probability 0 (or a score is +∞ or NaN) the distribution is
    /// uniform.
    public func candidateDistribution(_ m: RankingMethod) -> [Double] {
        let scores = solution.scores[m]
        let n = scores.count
        let uniform = [Double](repeating: 1 / Double(n), count: n)
        switch m {
        case .generative, .mutualInformation:
            guard let top = scores.max(), top.isFinite, !scores.contains(where: \.isNaN) else { return uniform }
            let weights = scores.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        case .initialPolicyProduct, .selfContrastive, .discriminative, .equilibriumGenerator, .equilibriumDiscriminator:
            let total = scores.reduce(0, +)
            guard total > 0, total.isFinite, scores.allSatisfy({ $0 >= 0 }) else { return uniform }
            return scores.map { $0 / total }
        }
    }

    /// The MC2 score of method `m`: the probability mass ``candidateDistribution(_:)`` puts on
    /// the true answers.
    public func trueMass(_ m: RankingMethod) -> Double {
        let distribution = candidateDistribution(m)
        return item.answers.reduce(0) { $0 + distribution[$1] }
    }

    /// The item's value of `metric` for method `m`: ``credit(_:)`` (accuracy, and BLEU-Acc,
    /// whose right candidates are the BLEU-accurate ones) or ``trueMass(_:)``.
    public func value(_ metric: TaskMetric, _ m: RankingMethod) -> Double {
        metric == .trueMass ? trueMass(m) : credit(m)
    }

    /// The generative method's length-normalised scores: ``generatorLogProbabilities`` divided
    /// by each choice's length.
    public func normalizedGeneratorScores(_ normalization: LengthNormalization) -> [Double] {
        zip(generatorLogProbabilities, item.choices).map { $0 / Double(normalization.length(of: $1)) }
    }

    /// Split credit (as ``credit(_:)``) of the length-normalised generative scores: this item's
    /// `acc_norm` or `acc_bytes`.
    public func credit(_ normalization: LengthNormalization) -> Double {
        BestCandidates.credit(normalizedGeneratorScores(normalization), answers: item.answers)
    }
}
