public import ConsensusGame

/// The methods reported on TruthfulQA generation: the baselines (greedy decoding, the most
/// frequent sampled answer), the seven ranking methods, the ER-weighted votes, and the ceiling.
public enum FreeTextMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case greedy
    /// The answer given by the most samples.
    case majority
    case generative = "G"
    case mutualInformation = "MI"
    case initialPolicyProduct = "MI*"
    case selfContrastive = "SC"
    case discriminative = "D"
    case equilibriumGenerator = "ER-G"
    case equilibriumDiscriminator = "ER-D"
    /// The answer with the most ER-G probability times its multiplicity.
    case generatorVote = "ER-G vote"
    /// The answer with the most ER-D probability times its multiplicity.
    case discriminatorVote = "ER-D vote"
    /// The best any candidate achieves: the ceiling of every method but greedy.
    case anyAnswer = "any answer"

    /// The ranking method this is, if it is one.
    public var rankingMethod: RankingMethod? { RankingMethod(rawValue: rawValue) }
}

/// The metrics reported per ``FreeTextMethod`` on TruthfulQA generation, named as in
/// lm-evaluation-harness's `truthfulqa_gen`.
public enum FreeTextMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// 1 when the pick's best BLEU against a true reference beats its best against a false one.
    case bleuAccuracy = "bleu_acc"
    /// The same with ROUGE-L.
    case rougeLAccuracy = "rougeL_acc"
    /// The best BLEU against a true reference minus the best against a false one.
    case bleuDifference = "bleu_diff"

    func value(_ comparison: (bleu: ReferenceComparison, rougeL: ReferenceComparison)) -> Double {
        switch self {
        case .bleuAccuracy: comparison.bleu.accurate ? 1 : 0
        case .rougeLAccuracy: comparison.rougeL.accurate ? 1 : 0
        case .bleuDifference: comparison.bleu.difference
        }
    }
}

extension ItemOutcome {
    /// The candidates method `m` picks on a TruthfulQA generation item (several when tied);
    /// empty for ``FreeTextMethod/greedy`` and ``FreeTextMethod/anyAnswer``, which pick none.
    /// - Precondition: the outcome has ``generated``.
    public func freeTextPicks(_ m: FreeTextMethod) -> [Int] {
        let generated = self.generated!
        let weights: [Double]
        switch m {
        case .greedy, .anyAnswer: return []
        case .majority: weights = generated.multiplicity.map(Double.init)
        case .generatorVote: weights = zip(generated.multiplicity, solution.scores[.equilibriumGenerator]).map { Double($0) * $1 }
        case .discriminatorVote: weights = zip(generated.multiplicity, solution.scores[.equilibriumDiscriminator]).map { Double($0) * $1 }
        default: return bestCandidates(m.rankingMethod!)
        }
        return BestCandidates.of(weights)
    }

    /// Method `m`'s value of `metric` on this item: the mean over its tied picks (split credit),
    /// the greedy answer's own, or for ``FreeTextMethod/anyAnswer`` the best over candidates.
    /// - Precondition: the outcome has ``generated``.
    public func freeTextValue(_ m: FreeTextMethod, _ metric: FreeTextMetric) -> Double {
        let generated = self.generated!
        let candidates = generated.bleu.indices.map { metric.value((generated.bleu[$0], generated.rougeL[$0])) }
        switch m {
        case .greedy: return metric.value((generated.greedyBLEU, generated.greedyRougeL))
        case .anyAnswer: return candidates.max()!
        default:
            let picks = freeTextPicks(m)
            return picks.reduce(0) { $0 + candidates[$1] } / Double(picks.count)
        }
    }
}

/// One method's mean of one metric over a task's items, with its standard error.
public struct FreeTextEstimate: Sendable, Hashable, Codable {
    public var method: FreeTextMethod
    public var metric: FreeTextMetric
    /// The mean: a fraction for the accuracies, BLEU points for the difference.
    public var value: Double
    /// nil when n < 2.
    public var standardError: Double?
    public var count: Int

    /// The estimate of `m`'s `metric` over `outcomes`, which must all have ``ItemOutcome/generated``.
    /// - Precondition: `outcomes` is not empty.
    public init(_ m: FreeTextMethod, _ metric: FreeTextMetric, outcomes: [ItemOutcome]) {
        let (mean, standardError) = MetricEstimate.mean(outcomes.map { $0.freeTextValue(m, metric) })
        method = m
        self.metric = metric
        value = mean
        self.standardError = standardError
        count = outcomes.count
    }

    /// Every method's every metric over `outcomes`.
    static func all(_ outcomes: [ItemOutcome]) -> [FreeTextEstimate] {
        FreeTextMethod.allCases.flatMap { m in FreeTextMetric.allCases.map { FreeTextEstimate(m, $0, outcomes: outcomes) } }
    }
}
