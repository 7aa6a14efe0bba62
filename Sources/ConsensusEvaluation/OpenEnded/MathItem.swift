import ConsensusRanking
import ConsensusScoring
public import Foundation

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
///
/// Also read, detected from the first row (``DataSchema``): `openai/gsm8k` rows
/// (`question`, `answer` the rationale ending `#### N`: the answer is N, the solution the whole
/// rationale, the id `gsm8k_<k>` with k the 4-digit row) and `ChilleD/SVAMP` rows (`ID`,
/// `Body`, `Question`, `Answer`, `Equation`: the question is `Body + " " + Question` and the
/// solution the equation, as in our SVAMP file).
public enum MathLoader {
    /// Loads the file at `path`.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public static func load(path: String) throws -> [MathItem] {
        try read(path: path).items
    }

    /// Loads the file at `path`, with the schema it is in.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public static func read(path: String) throws -> BenchmarkFile<MathItem> {
        try file(try JSONLinesFile.read(path: path), source: path)
    }

    /// Parses JSON Lines `data`; messages name it `source`.
    public static func parse(_ data: Data, source: String) throws -> [MathItem] {
        try file(data, source: source).items
    }

    /// Parses JSON Lines `data`, with the schema it is in; messages name it `source`.
    public static func file(_ data: Data, source: String) throws -> BenchmarkFile<MathItem> {
        try JSONLinesFile.rows(of: data, source: source, id: \.id) { row, schema in
            switch schema {
            case .consensus:
                return MathItem(
                    id: try row.text("id"), question: try row.text("question"), answer: try number(row, "answer"),
                    solution: try row.optionalText("solution"))
            case .gsm8k:
                let rationale = try row.text("answer")
                guard let marker = rationale.range(of: "####", options: .backwards) else {
                    throw row.fail("answer", "has no \"#### N\" line; openai/gsm8k rationales end with the answer after ####")
                }
                guard let answer = AnswerExtraction.canonical(String(rationale[marker.upperBound...])) else {
                    throw row.fail("answer", "ends with \(ScoringError.quote(String(rationale[marker.lowerBound...]))); expected \"#### \" and one number")
                }
                return MathItem(id: "gsm8k_" + HuggingFaceItems.padded(row.line - 1, 4), question: try row.text("question"), answer: answer, solution: rationale)
            case .svamp:
                let question = try row.text("Body") + " " + row.text("Question")
                return MathItem(id: try row.text("ID"), question: question, answer: try number(row, "Answer"), solution: try row.optionalText("Equation"))
            default:
                throw row.fail(nil, "is a row of \(schema), which is not a math word problem")
            }
        }
    }

    /// A field that holds one number, as a string or a JSON number, in canonical form.
    private static func number(_ row: BenchmarkRow, _ field: String) throws -> String {
        let value = try row.require(field)
        let written: String
        switch value {
        case .string(let s): written = s
        case .integer(let i): written = String(i)
        case .number(_, let text): written = text
        default: throw row.fail(field, "is \(value.kind) (\(value.preview)); expected a number, as a string such as \"42\"")
        }
        guard let answer = AnswerExtraction.canonical(written) else {
            throw row.fail(field, "is \(value.preview), which is not one number")
        }
        return answer
    }
}
