import ConsensusRanking
import Foundation

/// The schema of a benchmark file: ours (SOURCES.md of the shared benchmark data) or a Hugging
/// Face dataset's, as `datasets`' `Dataset.to_json` writes it (JSON Lines, one record a line).
///
/// The loaders tell them apart from the file's first row (``detect(_:)``) and read every row in
/// that schema, so a file is one schema throughout. `results.json` names each task's schema
/// (`configuration.dataFiles.<task>.schema`). docs/evaluation.md gives the one line of Python
/// that writes each task's file.
public enum DataSchema: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Ours: `{"id", "question", "choices": [str], "answer": int}` and its task variants.
    case consensus
    /// `allenai/ai2_arc`: `id`, `question`, `choices: {text: [str], label: [str]}`, `answerKey`.
    case arc = "hf:allenai/ai2_arc"
    /// `cais/mmlu`: `question`, `subject`, `choices: [str]`, `answer: int` (0-based); no id.
    case mmlu = "hf:cais/mmlu"
    /// `ehovy/race`: `example_id` (the passage file), `article`, `question`, `options: [str]`,
    /// `answer` a letter (`"A"`…).
    case race = "hf:ehovy/race"
    /// `HuggingFaceH4/hhh_alignment`: `input`, `targets: {choices: [str], labels: [int]}`, one
    /// label 1; the category is the dataset's config, so a `subset` field is read if present.
    case hhh = "hf:HuggingFaceH4/hhh_alignment"
    /// `truthfulqa/truthful_qa`, config `multiple_choice`: `question`,
    /// `mc1_targets: {choices, labels}`, `mc2_targets: {choices, labels}`.
    case truthfulQAMultipleChoice = "hf:truthfulqa/truthful_qa:multiple_choice"
    /// `truthfulqa/truthful_qa`, config `generation`: our generation fields without `id`.
    case truthfulQAGeneration = "hf:truthfulqa/truthful_qa:generation"
    /// `openai/gsm8k`: `question`, `answer` (the worked rationale, ending `#### N`).
    case gsm8k = "hf:openai/gsm8k"
    /// `ChilleD/SVAMP`: `ID`, `Body`, `Question`, `Equation`, `Answer` (a number), `Type`.
    case svamp = "hf:ChilleD/SVAMP"

    /// `consensus`, or `hf:` and the dataset (and config where the fields tell it).
    public var description: String { rawValue }

    /// The schema of a file whose first row is `row`: a Hugging Face schema when the row has
    /// that dataset's own fields, ours otherwise (whose errors then name what is missing).
    static func detect(_ row: BenchmarkRow) -> DataSchema {
        if row.has("answerKey") { return .arc }
        if row.has("mc1_targets") || row.has("mc2_targets") { return .truthfulQAMultipleChoice }
        if row.has("article") || row.has("options") { return .race }
        if row.has("input") && row.has("targets") { return .hhh }
        if row.has("Body") && row.has("Question") { return .svamp }
        guard !row.has("id") else { return .consensus }
        if row.has("correct_answers") { return .truthfulQAGeneration }
        if case .string(let answer) = row.value("answer"), answer.contains("####") { return .gsm8k }
        if row.has("subject") && row.has("choices") { return .mmlu }
        return .consensus
    }
}

extension BenchmarkTask {
    /// The Hugging Face dataset whose schema this task's file may also be in.
    public var huggingFaceSchema: DataSchema {
        switch self {
        case .arcEasy, .arcChallenge: .arc
        case .hhh: .hhh
        case .truthfulqaMC1, .truthfulqaMC2: .truthfulQAMultipleChoice
        case .mmlu: .mmlu
        case .race: .race
        case .svamp: .svamp
        case .gsm8k: .gsm8k
        case .truthfulqaGen: .truthfulQAGeneration
        }
    }

    /// Checks that a file of this task in `schema` is in ours or the task's own Hugging Face one
    /// (an ARC file given for MMLU is a mistake, not data).
    /// - Throws: ``BenchmarkError`` naming the file and both schemas.
    func check(_ schema: DataSchema, file: String) throws {
        guard schema == .consensus || schema == huggingFaceSchema else {
            throw BenchmarkError(
                file: file, line: 1,
                reason: "is a row of \(schema), but \(rawValue) reads \(huggingFaceSchema) or the consensus schema; is this the file of another task?")
        }
    }
}
