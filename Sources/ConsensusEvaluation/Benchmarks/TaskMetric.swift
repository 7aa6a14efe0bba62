/// The headline metric of a benchmark task.
public enum TaskMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// Single-answer accuracy: 1 when a method's best candidate is the answer, with split credit
    /// for ties (see ``ItemOutcome/credit(_:)``). lm-evaluation-harness calls it `acc`.
    case accuracy = "acc"
    /// TruthfulQA MC2: the normalised probability a method puts on the true answers (see
    /// ``ItemOutcome/trueMass(_:)``). lm-evaluation-harness reports it as `acc` of
    /// `truthfulqa_mc2`.
    case trueMass = "mc2"
    /// TruthfulQA generation: BLEU-Acc, 1 when the picked answer's best BLEU against a true
    /// reference beats its best against a false one, with split credit for ties (the candidates
    /// that are right are those, see ``GeneratedAnswers``). lm-evaluation-harness: `bleu_acc`.
    case bleuAccuracy = "bleu_acc"

    /// The key lm-evaluation-harness uses for this metric in `results.json` (`acc` for the
    /// multiple-choice metrics, `bleu_acc` for generation).
    public var lmEvalKey: String { self == .bleuAccuracy ? "bleu_acc" : "acc" }
}
