/// How a benchmark file gives the right answers.
public enum AnswerFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// `"answer": int`, the 0-based index of the one right choice (multiple choice).
    case single
    /// `"answers": [int]`, the 0-based indices of every true choice (TruthfulQA MC2).
    case multiple
    /// `"answer": "str"`, one number (math word problems, ``MathLoader``). The candidates are
    /// sampled chains of thought, and any number of them, none included, may reach it.
    case number
    /// `"correct_answers": [str], "incorrect_answers": [str]`, reference texts (TruthfulQA
    /// generation, ``TruthfulQALoader``). The candidates are sampled answers; the right ones are
    /// those closer (BLEU) to a true reference than to every false one, and there may be none.
    case references

    /// The field that holds the answers.
    public var field: String {
        switch self {
        case .multiple: "answers"
        case .references: "correct_answers"
        default: "answer"
        }
    }
}
