/// The similarity measures of lm-evaluation-harness's `truthfulqa_gen` task. The raw value is
/// the prefix of the harness's metric names (`bleu_max`, `bleu_acc`, `bleu_diff`, …,
/// `rougeL_diff`).
public enum TextSimilarityMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// sacrebleu sentence BLEU: ``TextSimilarity/sentenceBLEU(hypothesis:references:)``.
    case bleu
    /// rouge-score's ROUGE-1 F-measure: ``TextSimilarity/rougeN(_:hypothesis:reference:)``, n = 1.
    case rouge1
    /// rouge-score's ROUGE-2 F-measure: ``TextSimilarity/rougeN(_:hypothesis:reference:)``, n = 2.
    case rouge2
    /// rouge-score's summary-level ROUGE-L (`rougeLsum`) F-measure:
    /// ``TextSimilarity/rougeL(hypothesis:reference:)``. TruthfulQA's "ROUGE-L".
    case rougeL

    /// The similarity (0…100) of `hypothesis` to one `reference` under this measure.
    public func score(hypothesis: String, reference: String) -> Double {
        switch self {
        case .bleu: TextSimilarity.sentenceBLEU(hypothesis: hypothesis, references: [reference])
        case .rouge1: TextSimilarity.rougeN(1, hypothesis: hypothesis, reference: reference)
        case .rouge2: TextSimilarity.rougeN(2, hypothesis: hypothesis, reference: reference)
        case .rougeL: TextSimilarity.rougeL(hypothesis: hypothesis, reference: reference)
        }
    }
}
