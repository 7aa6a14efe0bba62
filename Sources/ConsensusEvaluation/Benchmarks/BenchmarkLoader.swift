import ConsensusRanking
public import Foundation

/// Reads benchmark items from JSON Lines in the schema of `shared/data/benchmarks/SOURCES.md`,
/// or in the task's Hugging Face dataset schema as `datasets`' `to_json` writes it
/// (``DataSchema``, detected from the first row; ``HuggingFaceItems`` says how its rows become
/// the same items).
///
/// Each line is one object:
/// `{"id": str, "question": str, "choices": [str], "answer": int}` (``AnswerFormat/single``) or
/// with `"answers": [int]` instead of `answer` (``AnswerFormat/multiple``, TruthfulQA MC2).
/// Optional: `context` (str, the RACE passage; required when ``requiresContext``), `subject`
/// (str, MMLU), `subset` (str, HHH), `labels` ([str], one per choice). Other fields are ignored;
/// a `null` field counts as absent.
///
/// Every row is checked and no row is skipped: the first bad line stops the load with a
/// ``BenchmarkError`` naming the file, the line and the field — not valid UTF-8 or JSON (with
/// the column), a missing field or one of the wrong type, fewer than two choices, an empty
/// question or choice, an answer index out of range, repeated MC2 answers, a `labels` count
/// that differs from the choices, a duplicate `id` (naming both lines), a blank line before the
/// last row, an empty file. Blank lines after the last row are fine, as are `\r\n` line ends
/// and a byte-order mark.
public struct BenchmarkLoader: Sendable, Hashable {
    /// Whether rows carry `answer` or `answers`.
    public var answerFormat: AnswerFormat
    /// Whether every row must have a `context`.
    public var requiresContext: Bool

    /// Creates a loader.
    public init(answerFormat: AnswerFormat = .single, requiresContext: Bool = false) {
        self.answerFormat = answerFormat
        self.requiresContext = requiresContext
    }

    /// Loads the file at `path`.
    /// - Parameter path: the file; messages name it as given.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public func load(path: String) throws -> [BenchmarkItem] {
        try read(path: path).items
    }

    /// Loads the file at `path`, with the schema it is in.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is bad.
    public func read(path: String) throws -> BenchmarkFile<BenchmarkItem> {
        try file(try JSONLinesFile.read(path: path), source: path)
    }

    /// Parses JSON Lines `data`; messages name it `source`.
    /// - Throws: ``BenchmarkError`` for the first bad line.
    public func parse(_ data: Data, source: String) throws -> [BenchmarkItem] {
        try file(data, source: source).items
    }

    /// Parses JSON Lines `data`, with the schema it is in; messages name it `source`.
    /// - Throws: ``BenchmarkError`` for the first bad line.
    public func file(_ data: Data, source: String) throws -> BenchmarkFile<BenchmarkItem> {
        var huggingFace: HuggingFaceItems?
        let file = try JSONLinesFile.rows(of: data, source: source, id: \.id) { row, schema -> BenchmarkItem in
            guard schema != .consensus else { return try item(from: row) }
            if huggingFace == nil { huggingFace = HuggingFaceItems(schema: schema, answerFormat: answerFormat) }
            return try huggingFace!.item(from: row)
        }
        if requiresContext, let missing = file.items.firstIndex(where: { $0.context == nil }) {
            throw BenchmarkError(file: source, line: file.line(of: missing), field: "context", reason: "is missing; this task's items need their passage")
        }
        return file
    }

    private func item(from row: BenchmarkRow) throws -> BenchmarkItem {
        let id = try row.text("id")
        let question = try row.text("question")
        let choices = try row.texts("choices")
        guard choices.count >= 2 else {
            throw row.fail("choices", "has \(choices.count) \(choices.count == 1 ? "choice" : "choices"); an item needs at least 2")
        }
        let answers = try self.answers(of: row, count: choices.count)
        let context = try row.optionalText("context")
        if requiresContext && context == nil {
            throw row.fail("context", "is missing; this task's items need their passage")
        }
        let labels = try row.value("labels") == nil ? nil : row.texts("labels")
        if let labels, labels.count != choices.count {
            throw row.fail("labels", "has \(labels.count) labels but there are \(choices.count) choices")
        }
        return BenchmarkItem(
            id: id, question: question, context: context, choices: choices, answers: answers,
            subject: try row.optionalText("subject"), subset: try row.optionalText("subset"), labels: labels)
    }

    private func answers(of row: BenchmarkRow, count: Int) throws -> [Int] {
        switch answerFormat {
        case .number:
            throw row.fail("answer", "holds a number: math word problems are read by MathLoader, not as multiple choice")
        case .references:
            throw row.fail("correct_answers", "holds reference texts: TruthfulQA generation is read by TruthfulQALoader, not as multiple choice")
        case .single:
            let hint = row.has("answers") ? " (the line has \"answers\": a TruthfulQA MC2 row? Load it as truthfulqa_mc2)" : ""
            return [try row.index(try row.require("answer", hint: hint), field: "answer", count: count)]
        case .multiple:
            let hint = row.has("answer") ? " (the line has \"answer\": a single-answer row? MC2 rows list every true choice in \"answers\")" : ""
            let value = try row.require("answers", hint: hint)
            guard case .array(let elements) = value else {
                throw row.fail("answers", "is \(value.kind) (\(value.preview)); expected an array of 0-based choice indices")
            }
            guard !elements.isEmpty else { throw row.fail("answers", "is empty; list at least one true choice") }
            var seen: [Int] = []
            for (k, element) in elements.enumerated() {
                let i = try row.index(element, field: "answers[\(k)]", count: count)
                guard !seen.contains(i) else { throw row.fail("answers[\(k)]", "is \(i), which the list already has") }
                seen.append(i)
            }
            return seen.sorted()
        }
    }
}
