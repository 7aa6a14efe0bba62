import ConsensusRanking
import Foundation

/// One math word problem (SVAMP, GSM8K): a question whose answer is a number.
public struct MathItem: Sendable, Hashable, Codable {
    /// The row's identifier, unique within its file.
    public var id: String
    public var question: String
    /// The reference answer in ``AnswerExtraction/canonical(_:)`` form (`"1000"` for `"1,000"`).
    public var answer: String
    /// The reference solution as the file gives it (GSM8K's worked rationale, SVAMP's equation).
    public var solution: String?

    public init(id: String, question: String, answer: String, solution: String? = nil) {
        self.id = id
        self.question = question
        self.answer = answer
        self.solution = solution
    }
}

/// Reads math word problems from JSON Lines in the schema of `shared/data/benchmarks/SOURCES.md`:
/// `{"id": str, "question": str, "answer": str, "solution": str}`, other fields ignored (SVAMP's
/// `body`, `question_only`, `type`). `answer` must be one number, written as a string (`"51"`,
/// `"1,000"`, `"-3.5"`) or as a JSON number; `solution` is optional. The rules of
/// ``BenchmarkLoader`` apply: the first bad line stops the load with file, line and field.
public enum MathLoader {
    /// Loads the file at `path`.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public static func load(path: String) throws -> [MathItem] {
        try parse(try JSONLinesFile.read(path: path), source: path)
    }

    /// Parses JSON Lines `data`; messages name it `source`.
    public static func parse(_ data: Data, source: String) throws -> [MathItem] {
        try JSONLinesFile.rows(of: data, source: source, id: \.id) { row in
            let answerValue = try row.require("answer")
            let written: String
            switch answerValue {
            case .string(let s): written = s
            case .integer(let i): written = String(i)
            case .number(_, let text): written = text
            default: throw row.fail("answer", "is \(answerValue.kind) (\(answerValue.preview)); expected a number, as a string such as \"42\"")
            }
            guard let answer = AnswerExtraction.canonical(written) else {
                throw row.fail("answer", "is \(answerValue.preview), which is not one number")
            }
            return MathItem(id: try row.text("id"), question: try row.text("question"), answer: answer, solution: try row.optionalText("solution"))
        }
    }
}
