/// One multiple-choice question of a benchmark, as read from a JSON Lines file.
public struct BenchmarkItem: Sendable, Hashable, Codable {
    /// The row's identifier, unique within its file.
    public var id: String
    /// The question (for HHH, the dialogue so far).
    public var question: String
    /// The passage the question is about (RACE); `nil` when there is none.
    public var context: String?
    /// The candidate answers, in file order (at least two, none empty).
    public var choices: [String]
    /// 0-based indices into ``choices`` of the right answers: one for multiple choice, every
    /// true answer for TruthfulQA MC2. Sorted, without repeats.
    public var answers: [Int]
    /// The MMLU subject; ``Selection`` stratifies samples by it.
    public var subject: String?
    /// The HHH category (`harmless`, `helpful`, `honest`, `other`).
    public var subset: String?
    /// The original choice labels (ARC: `A`…`E` or `1`…`4`), one per choice.
    public var labels: [String]?

    /// Creates an item. The values are taken as given; ``BenchmarkLoader`` checks file rows.
    public init(
        id: String, question: String, context: String? = nil, choices: [String], answers: [Int],
        subject: String? = nil, subset: String? = nil, labels: [String]? = nil
    ) {
        self.id = id
        self.question = question
        self.context = context
        self.choices = choices
        self.answers = answers
        self.subject = subject
        self.subset = subset
        self.labels = labels
    }

    /// Whether choice `index` is a right answer.
    public func isRight(_ index: Int) -> Bool { answers.contains(index) }
}
