public import Foundation

/// One TruthfulQA question in its generation form: a question and the reference answers a
/// generated answer is judged against.
public struct TruthfulQAItem: Sendable, Hashable, Codable {
    /// The row's identifier, unique within its file.
    public var id: String
    public var question: String
    /// The true and false references, formatted as lm-evaluation-harness's `truthfulqa_gen`
    /// scores against them (``TruthfulQAReferences``: a final period each, and
    /// "I have no comment." among the true ones).
    public var references: TruthfulQAReferences
    /// The row's category (`Misconceptions`, `Law`, …), if given.
    public var category: String?

    public init(id: String, question: String, references: TruthfulQAReferences, category: String? = nil) {
        self.id = id
        self.question = question
        self.references = references
        self.category = category
    }
}

/// Reads TruthfulQA generation rows from JSON Lines in the schema of
/// `shared/data/benchmarks/SOURCES.md`: `{"id": str, "question": str, "correct_answers": [str],
/// "incorrect_answers": [str], "category": str}`, other fields ignored (`best_answer`, which
/// `correct_answers` holds too, `type`, `source`). The rules of ``BenchmarkLoader`` apply: the
/// first bad line stops the load with file, line and field.
///
/// Rows of `truthfulqa/truthful_qa`'s `generation` config (the same fields, no `id`; detected
/// from the first row, ``DataSchema``) get the id `tqa_gen_<k>`, k the 0-based row, as ours.
public enum TruthfulQALoader {
    /// Loads the file at `path`.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public static func load(path: String) throws -> [TruthfulQAItem] {
        try read(path: path).items
    }

    /// Loads the file at `path`, with the schema it is in.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public static func read(path: String) throws -> BenchmarkFile<TruthfulQAItem> {
        try file(try JSONLinesFile.read(path: path), source: path)
    }

    /// Parses JSON Lines `data`; messages name it `source`.
    public static func parse(_ data: Data, source: String) throws -> [TruthfulQAItem] {
        try file(data, source: source).items
    }

    /// Parses JSON Lines `data`, with the schema it is in; messages name it `source`.
    public static func file(_ data: Data, source: String) throws -> BenchmarkFile<TruthfulQAItem> {
        try JSONLinesFile.rows(of: data, source: source, id: \.id) { row, schema in
            guard schema == .consensus || schema == .truthfulQAGeneration else {
                throw row.fail(nil, "is a row of \(schema), which is not TruthfulQA generation")
            }
            let correct = try row.texts("correct_answers"), incorrect = try row.texts("incorrect_answers")
            let references = TruthfulQAReferences(correctAnswers: correct, incorrectAnswers: incorrect)
            guard !references.falseReferences.isEmpty else {
                throw row.fail("incorrect_answers", "has no non-empty answer; BLEU-Acc needs at least one false reference")
            }
            return TruthfulQAItem(
                id: schema == .consensus ? try row.text("id") : "tqa_gen_\(row.line - 1)", question: try row.text("question"), references: references,
                category: try row.optionalText("category"))
        }
    }
}
