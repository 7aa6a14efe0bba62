/// How a benchmark file gives the right answers.
public enum AnswerFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `"answer": int`, the 0-based index of the one right choice (multiple choice).
    case single
    /// `"answers": [int]`, the 0-based indices of every true choice (TruthfulQA MC2).
    case multiple
    /// `"answer": "str"`, one number (math word problems, ``MathLoader``). The candidates are
    /// sampled chains of thought, and any number of them, none included, may reach it.
    case number

    /// The field that holds the answers.
    public var field: String { self == .multiple ? "answers" : "answer" }
}
