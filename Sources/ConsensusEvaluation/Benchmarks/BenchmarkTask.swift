/// A multiple-choice benchmark that `consensus eval` knows: its prompt template, its metric and
/// the data file it reads by default.
public enum BenchmarkTask: String, Sendable, Hashable, Codable, CaseIterable {
    /// ARC-Easy test (2376 questions, 3 to 5 options).
    case arcEasy = "arc_easy"
    /// ARC-Challenge test (1172 questions, 3 to 5 options).
    case arcChallenge = "arc_challenge"
    /// BIG-bench HHH alignment (221 dialogues, preferred response first in every row).
    case hhh
    /// TruthfulQA MC1: one true answer (always listed first).
    case truthfulqaMC1 = "truthfulqa_mc1"
    /// TruthfulQA MC2: several true answers; scored by probability mass (``TaskMetric/trueMass``).
    case truthfulqaMC2 = "truthfulqa_mc2"
    /// MMLU, 57 subjects (`subject` on every row).
    case mmlu
    /// RACE reading comprehension (`context` holds the passage).
    case race
    /// SVAMP math word problems (1000), open-ended: candidates are sampled chains of thought.
    case svamp
    /// GSM8K grade-school math, open-ended like ``svamp``.
    case gsm8k
    /// TruthfulQA in its generation form (817 questions): sampled answers are ranked, and the
    /// pick is judged by BLEU and ROUGE-L against the true and false reference answers
    /// (``TruthfulQALoader``, docs/open-ended.md).
    case truthfulqaGen = "truthfulqa_gen"

    /// Whether the candidates are sampled from the model rather than the options of the file:
    /// chains of thought for math word problems (``MathLoader``), answers for ``truthfulqaGen``.
    public var isOpenEnded: Bool { self == .svamp || self == .gsm8k || self == .truthfulqaGen }

    /// Whether the sampled candidates are judged against reference texts (``truthfulqaGen``)
    /// rather than by their final number.
    public var isFreeText: Bool { self == .truthfulqaGen }

    /// The name of the built-in prompt template (see `TemplateLibrary`): `dialogue` for HHH,
    /// `passage` for RACE, `qa` for the rest (for open-ended tasks, the prompts that score
    /// each sampled chain).
    public var templateName: String {
        switch self {
        case .hhh: "dialogue"
        case .race: "passage"
        default: "qa"
        }
    }

    /// The headline metric: MC2 mass for `truthfulqa_mc2`, BLEU-Acc for `truthfulqa_gen`,
    /// accuracy for the rest.
    public var metric: TaskMetric {
        switch self {
        case .truthfulqaMC2: .trueMass
        case .truthfulqaGen: .bleuAccuracy
        default: .accuracy
        }
    }

    /// How the data file gives the right answers.
    public var answerFormat: AnswerFormat {
        switch self {
        case .truthfulqaMC2: .multiple
        case .truthfulqaGen: .references
        case .svamp, .gsm8k: .number
        default: .single
        }
    }

    /// Whether every row must carry a `context` (the RACE passage).
    public var requiresContext: Bool { self == .race }

    /// The data file read when none is given: the task's name with `.jsonl`, e.g. `arc_easy.jsonl`.
    public var defaultFileName: String { "\(rawValue).jsonl" }

    /// The loader for this task's files.
    public var loader: BenchmarkLoader {
        BenchmarkLoader(answerFormat: answerFormat, requiresContext: requiresContext)
    }
}
