import Foundation

/// Reads benchmark items from JSON Lines in the schema of `shared/data/benchmarks/SOURCES.md`.
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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchmarkError(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw BenchmarkError(file: path, reason: "is a directory, not a JSON Lines file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError(file: path, reason: "cannot be read (check its permissions)")
        }
        return try parse(data, source: path)
    }

    /// Parses JSON Lines `data`; messages name it `source`.
    /// - Throws: ``BenchmarkError`` for the first bad line.
    public func parse(_ data: Data, source: String) throws -> [BenchmarkItem] {
        var lines = Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.first?.starts(with: [0xEF, 0xBB, 0xBF]) == true { lines[0].removeFirst(3) }
        func isBlank(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        guard !lines.isEmpty else { throw BenchmarkError(file: source, reason: "has no items (the file is empty)") }

        var items: [BenchmarkItem] = []
        var firstLine: [String: Int] = [:]
        for (offset, bytes) in lines.enumerated() {
            let number = offset + 1
            guard !isBlank(bytes) else {
                throw BenchmarkError(file: source, line: number, reason: "is blank; only the end of the file may have blank lines")
            }
            let item = try parseLine(bytes, file: source, line: number)
            if let earlier = firstLine[item.id] {
                throw BenchmarkError(file: source, line: number, field: "id", reason: "is \"\(item.id)\", which line \(earlier) already uses; ids must be unique")
            }
            firstLine[item.id] = number
            items.append(item)
        }
        return items
    }

    private func parseLine(_ bytes: [UInt8], file: String, line: Int) throws -> BenchmarkItem {
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BenchmarkError(file: file, line: line, reason: "is not valid UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONLineParser.parse(text)
        } catch {
            throw BenchmarkError(file: file, line: line, reason: "is not valid JSON: \(error.reason) at column \(error.column)")
        }
        guard case .object(let fields) = value else {
            throw BenchmarkError(file: file, line: line, reason: "is \(value.kind), not a JSON object")
        }
        return try item(from: BenchmarkRow(file: file, line: line, fields: fields))
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
