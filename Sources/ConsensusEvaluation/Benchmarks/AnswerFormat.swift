/// How a benchmark file gives the right answers.
public enum AnswerFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `"answer": int`, the 0-based index of the one right choice (multiple choice).
    case single
    /// `"answers": [int]`, the 0-based indices of every true choice (TruthfulQA MC2).
    case multiple

    /// The field that holds the answers.
    public var field: String { self == .single ? "answer" : "answers" }
}
