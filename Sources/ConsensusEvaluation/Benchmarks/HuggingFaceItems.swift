import ConsensusRanking

/// Multiple-choice rows in a Hugging Face dataset's schema (``DataSchema``), read into the same
/// ``BenchmarkItem`` as the row in our schema: the same question, passage, choices in the same
/// order, answers, subject, subset and labels.
///
/// Where the dataset has no id, the id is made as our files make theirs: `<subject>_<k>` (MMLU,
/// k the 4-digit row within its subject), `<passage>_q<k>` (RACE, k the question within its
/// passage), `hhh_<subset>_<k>` or `hhh_<k>` (HHH), `tqa_<k>` (TruthfulQA, k the 3-digit row).
struct HuggingFaceItems {
    let schema: DataSchema
    let answerFormat: AnswerFormat
    /// Rows seen so far per subject, passage or subset, for the ids.
    private var seen: [String: Int] = [:]

    init(schema: DataSchema, answerFormat: AnswerFormat) {
        self.schema = schema
        self.answerFormat = answerFormat
    }

    mutating func item(from row: BenchmarkRow) throws -> BenchmarkItem {
        switch answerFormat {
        case .single, .multiple: break
        case .number: throw row.fail(nil, "is a row of \(schema), which is multiple choice; math word problems are read by MathLoader")
        case .references: throw row.fail(nil, "is a row of \(schema), which is multiple choice; TruthfulQA generation is read by TruthfulQALoader")
        }
        let item: BenchmarkItem
        switch schema {
        case .arc: item = try arc(row)
        case .mmlu: item = try mmlu(row)
        case .race: item = try race(row)
        case .hhh: item = try hhh(row)
        case .truthfulQAMultipleChoice: item = try truthfulQA(row)
        case .consensus, .truthfulQAGeneration, .gsm8k, .svamp:
            throw row.fail(nil, "is a row of \(schema), which is not multiple choice")
        }
        guard item.choices.count >= 2 else {
            throw row.fail(choicesField, "has \(item.choices.count) \(item.choices.count == 1 ? "choice" : "choices"); an item needs at least 2")
        }
        return item
    }

    private var choicesField: String {
        switch schema {
        case .arc: "choices.text"
        case .race: "options"
        case .hhh: "targets.choices"
        case .truthfulQAMultipleChoice: answerFormat == .multiple ? "mc2_targets.choices" : "mc1_targets.choices"
        default: "choices"
        }
    }

    /// The next number for `key` (0 for its first row).
    private mutating func next(_ key: String) -> Int {
        defer { seen[key, default: 0] += 1 }
        return seen[key, default: 0]
    }

    private func arc(_ row: BenchmarkRow) throws -> BenchmarkItem {
        let choices = try row.object("choices")
        let texts = try choices.texts("text"), labels = try choices.texts("label")
        guard labels.count == texts.count else {
            throw choices.fail("label", "has \(labels.count) labels but there are \(texts.count) texts")
        }
        let key = try row.text("answerKey")
        guard let answer = labels.firstIndex(of: key) else {
            throw row.fail("answerKey", "is \"\(key)\", which is not among the labels \(labels.joined(separator: ", "))")
        }
        return BenchmarkItem(id: try row.text("id"), question: try row.text("question"), choices: texts, answers: [answer], labels: labels)
    }

    private mutating func mmlu(_ row: BenchmarkRow) throws -> BenchmarkItem {
        let subject = try row.text("subject"), choices = try row.texts("choices")
        let answer = try row.index(try row.require("answer"), field: "answer", count: choices.count)
        let id = "\(subject)_" + Self.padded(next(subject), 4)
        return BenchmarkItem(id: id, question: try row.text("question"), choices: choices, answers: [answer], subject: subject)
    }

    private mutating func race(_ row: BenchmarkRow) throws -> BenchmarkItem {
        let options = try row.texts("options")
        let letter = try row.text("answer")
        let letters = options.indices.map { String(UnicodeScalar(UInt8(65 + min($0, 25)))) }
        guard let answer = letters.firstIndex(of: letter) else {
            throw row.fail("answer", "is \"\(letter)\"; expected one of the letters \(letters.joined(separator: ", ")) for the \(options.count) options")
        }
        let id: String
        if let example = try row.optionalText("example_id") {
            let passage = example.hasSuffix(".txt") ? String(example.dropLast(4)) : example
            id = "\(passage)_q\(next(passage))"
        } else {
            id = "race_\(row.line - 1)"
        }
        return BenchmarkItem(id: id, question: try row.text("question"), context: try row.text("article"), choices: options, answers: [answer])
    }

    private mutating func hhh(_ row: BenchmarkRow) throws -> BenchmarkItem {
        let (choices, answers) = try targets(row, "targets")
        guard answers.count == 1 else {
            throw row.fail("targets.labels", "has \(answers.count) labels 1; HHH marks exactly one preferred response")
        }
        let subset = try row.optionalText("subset")
        let id = subset.map { "hhh_\($0)_" + Self.padded(next($0), 3) } ?? "hhh_" + Self.padded(row.line - 1, 3)
        return BenchmarkItem(id: id, question: try row.text("input"), choices: choices, answers: answers, subset: subset)
    }

    private func truthfulQA(_ row: BenchmarkRow) throws -> BenchmarkItem {
        let field = answerFormat == .multiple ? "mc2_targets" : "mc1_targets"
        let (choices, answers) = try targets(row, field)
        guard answerFormat == .multiple || answers.count == 1 else {
            throw row.fail("\(field).labels", "has \(answers.count) labels 1; MC1 has exactly one true answer")
        }
        return BenchmarkItem(id: "tqa_" + Self.padded(row.line - 1, 3), question: try row.text("question"), choices: choices, answers: answers)
    }

    /// `{choices: [str], labels: [int]}` with labels 0 or 1, one per choice, at least one 1:
    /// the choices and the indices labelled 1.
    private func targets(_ row: BenchmarkRow, _ key: String) throws -> (choices: [String], answers: [Int]) {
        let targets = try row.object(key)
        let choices = try targets.texts("choices")
        let value = try targets.require("labels")
        guard case .array(let elements) = value else {
            throw targets.fail("labels", "is \(value.kind) (\(value.preview)); expected an array of 0 and 1, one per choice")
        }
        guard elements.count == choices.count else {
            throw targets.fail("labels", "has \(elements.count) labels but there are \(choices.count) choices")
        }
        var answers: [Int] = []
        for (k, element) in elements.enumerated() {
            guard case .integer(let label) = element, label == 0 || label == 1 else {
                throw targets.fail("labels[\(k)]", "is \(element.preview); labels are 0 or 1")
            }
            if label == 1 { answers.append(k) }
        }
        guard !answers.isEmpty else { throw targets.fail("labels", "has no label 1; at least one choice must be true") }
        return (choices, answers)
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
