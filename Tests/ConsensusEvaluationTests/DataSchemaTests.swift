import ConsensusGame
import ConsensusTesting
import Foundation
import Logging
import Testing

@testable import ConsensusEvaluation

/// The Hugging Face datasets' schemas (as `datasets`' `to_json` writes them) against ours: the
/// fixtures in Fixtures/schemas hold the same items in both.
@Suite("Hugging Face dataset schemas")
struct DataSchemaTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func fixture(_ schema: String, _ name: String) throws -> String {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent("schemas/\(schema)/\(name).jsonl").path
    }

    /// Multiple-choice tasks: the Hugging Face file, its schema, and our file of the same items.
    static let multipleChoice: [(BenchmarkTask, String, DataSchema)] = [
        (.arcEasy, "arc_easy", .arc), (.mmlu, "mmlu", .mmlu), (.race, "race", .race), (.hhh, "hhh", .hhh),
        (.truthfulqaMC1, "truthfulqa_mc", .truthfulQAMultipleChoice), (.truthfulqaMC2, "truthfulqa_mc", .truthfulQAMultipleChoice),
    ]

    @Test(arguments: multipleChoice)
    func multipleChoiceRowsAreTheSameItemsAsOurs(task: BenchmarkTask, file: String, schema: DataSchema) throws {
        let theirs = try task.loader.read(path: try Self.fixture("huggingface", file))
        let ours = try task.loader.read(path: try Self.fixture("consensus", task.rawValue))
        #expect(theirs.schema == schema)
        #expect(ours.schema == .consensus)
        #expect(theirs.items.count >= 2)
        #expect(theirs.items == ours.items)
        #expect(task.huggingFaceSchema == schema)
    }

    @Test(arguments: [(BenchmarkTask.gsm8k, DataSchema.gsm8k), (.svamp, .svamp)])
    func mathRowsAreTheSameItemsAsOurs(task: BenchmarkTask, schema: DataSchema) throws {
        let theirs = try MathLoader.read(path: try Self.fixture("huggingface", task.rawValue))
        let ours = try MathLoader.read(path: try Self.fixture("consensus", task.rawValue))
        #expect(theirs.schema == schema)
        #expect(ours.schema == .consensus)
        #expect(theirs.items.count == 2)
        #expect(theirs.items == ours.items)
    }

    @Test func truthfulQAGenerationRowsAreTheSameItemsAsOurs() throws {
        let theirs = try TruthfulQALoader.read(path: try Self.fixture("huggingface", "truthfulqa_gen"))
        let ours = try TruthfulQALoader.read(path: try Self.fixture("consensus", "truthfulqa_gen"))
        #expect(theirs.schema == .truthfulQAGeneration)
        #expect(ours.schema == .consensus)
        #expect(theirs.items.map(\.id) == ["tqa_gen_0", "tqa_gen_1"])
        #expect(theirs.items == ours.items)
    }

    /// The whole evaluation on each file: the same picks of every method, and results.json names
    /// the schema of each.
    @Test(arguments: multipleChoice)
    func bothSchemasGiveTheSamePicksAndResultsNameTheSchema(task: BenchmarkTask, file: String, schema: DataSchema) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-schema-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func run(_ path: String) async throws -> (picks: [[RankingMethod: Int]], schema: DataSchema?) {
            var plan = EvaluationPlan(tasks: [.init(task: task, path: path)])
            plan.solvers = [SolverSettings(iterations: 200)]
            let cache = try ScoreCache(path: dir.appendingPathComponent("cache-\(UUID()).sqlite").path)
            let (results, configuration) = try await BenchmarkEvaluator(engine: FixtureEngine(), cache: cache, logger: Self.logger).run(plan)
            let document = try ReportJSON.decoder().decode(
                ResultsDocument.self, from: try ReportJSON.encoder(pretty: false).encode(ResultsDocument(configuration: configuration, results: results)))
            let picks = results[0].outcomes.map { outcome in
                Dictionary(uniqueKeysWithValues: RankingMethod.allCases.map { ($0, outcome.pick($0)) })
            }
            return (picks, document.configuration.dataFiles[task.rawValue]?.schema)
        }
        let theirs = try await run(try Self.fixture("huggingface", file))
        let ours = try await run(try Self.fixture("consensus", task.rawValue))
        #expect(theirs.picks == ours.picks)
        #expect(theirs.schema == schema)
        #expect(ours.schema == .consensus)
    }

    private func message(_ text: String, _ loader: BenchmarkLoader = BenchmarkLoader()) -> String? {
        do {
            _ = try loader.parse(Data(text.utf8), source: "hf.jsonl")
            return nil
        } catch { return "\(error)" }
    }

    static let arcRow = #"{"id":"a1","question":"Q?","choices":{"text":["x","y"],"label":["A","B"]},"answerKey":"A"}"#

    @Test(arguments: [
        (#"{"id":"a2","question":"Q?","choices":{"text":["x","y"],"label":["A","B"]},"answerKey":"C"}"#,
         #"hf.jsonl:2: field "answerKey" is "C", which is not among the labels A, B"#),
        (#"{"id":"a2","question":"Q?","choices":["x","y"],"answerKey":"A"}"#,
         #"hf.jsonl:2: field "choices" is an array; expected an object"#),
        (#"{"id":"a2","question":"Q?","choices":{"text":["x",""],"label":["A","B"]},"answerKey":"A"}"#,
         #"hf.jsonl:2: field "choices.text[1]" is empty"#),
        (#"{"id":"a2","question":"Q?","choices":{"text":["x","y"],"label":["A"]},"answerKey":"A"}"#,
         #"hf.jsonl:2: field "choices.label" has 1 labels but there are 2 texts"#),
        (#"{"id":"a2","question":"Q?","choices":{"text":["x"],"label":["A"]},"answerKey":"A"}"#,
         #"hf.jsonl:2: field "choices.text" has 1 choice; an item needs at least 2"#),
    ])
    func malformedARCRecordNamesFileLineAndField(line: String, expected: String) {
        #expect(message(Self.arcRow + "\n" + line) == expected)
    }

    @Test(arguments: [
        (BenchmarkTask.mmlu,
         #"{"question":"Q?","subject":"law","choices":["a","b"],"answer":1}"# + "\n" + #"{"question":"Q?","subject":"law","choices":["a","b"],"answer":2}"#,
         #"hf.jsonl:2: field "answer" is 2 but there are 2 choices (0-based)"#),
        (.race,
         #"{"example_id":"high1.txt","article":"P.","question":"Q?","options":["a","b","c","d"],"answer":"E"}"#,
         #"hf.jsonl:1: field "answer" is "E"; expected one of the letters A, B, C, D for the 4 options"#),
        (.race,
         #"{"example_id":"high1.txt","question":"Q?","options":["a","b"],"answer":"A"}"#,
         #"hf.jsonl:1: field "article" is missing"#),
        (.truthfulqaMC1,
         #"{"question":"Q?","mc1_targets":{"choices":["a","b"],"labels":[1,1]},"mc2_targets":{"choices":["a","b"],"labels":[1,1]}}"#,
         #"hf.jsonl:1: field "mc1_targets.labels" has 2 labels 1; MC1 has exactly one true answer"#),
        (.truthfulqaMC2,
         #"{"question":"Q?","mc1_targets":{"choices":["a","b"],"labels":[1,0]},"mc2_targets":{"choices":["a","b"],"labels":[1,2]}}"#,
         #"hf.jsonl:1: field "mc2_targets.labels[1]" is 2; labels are 0 or 1"#),
        (.truthfulqaMC2,
         #"{"question":"Q?","mc1_targets":{"choices":["a","b"],"labels":[1,0]},"mc2_targets":{"choices":["a","b","c"],"labels":[1,0]}}"#,
         #"hf.jsonl:1: field "mc2_targets.labels" has 2 labels but there are 3 choices"#),
        (.hhh,
         #"{"input":"Human: hi","targets":{"choices":["a","b"],"labels":[0,0]}}"#,
         #"hf.jsonl:1: field "targets.labels" has no label 1; at least one choice must be true"#),
    ])
    func malformedRecordNamesFileLineAndField(task: BenchmarkTask, text: String, expected: String) {
        #expect(message(text, task.loader) == expected)
    }

    @Test func malformedMathRecordsNameFileLineAndField() {
        func message(_ text: String) -> String? {
            do { _ = try MathLoader.parse(Data(text.utf8), source: "hf.jsonl"); return nil } catch { return "\(error)" }
        }
        let gsm = #"{"question":"Q?","answer":"2+2=4\n#### 4"}"#
        #expect(message(gsm + "\n" + #"{"question":"Q?","answer":"2+2=4"}"#)
            == #####"hf.jsonl:2: field "answer" has no "#### N" line; openai/gsm8k rationales end with the answer after ####"#####)
        #expect(message(gsm + "\n" + #"{"question":"Q?","answer":"so #### four"}"#)
            == #####"hf.jsonl:2: field "answer" ends with "#### four"; expected "#### " and one number"#####)
        #expect(message(#"{"ID":"c1","Body":"B.","Question":"Q?","Answer":"five","Equation":"x"}"#)
            == #"hf.jsonl:1: field "Answer" is "five", which is not one number"#)
    }

    /// The schema is the first row's: a row of another schema further down is read as that one.
    @Test func theFirstRowDecidesTheSchemaOfTheFile() {
        let ours = #"{"id":"m1","subject":"law","question":"Q?","choices":["a","b"],"answer":1}"#
        let theirs = #"{"question":"Q?","subject":"law","choices":["a","b"],"answer":1}"#
        #expect(message(ours + "\n" + theirs) == #"hf.jsonl:2: field "id" is missing"#)
        #expect(message(theirs + "\n" + Self.arcRow) == #"hf.jsonl:2: field "subject" is missing"#)
    }

    @Test func aFileOfAnotherTaskIsRefusedByTheEvaluator() throws {
        var plan = EvaluationPlan(tasks: [.init(task: .mmlu, path: try Self.fixture("huggingface", "arc_easy"))])
        plan.solvers = [SolverSettings(iterations: 10)]
        let cache = try ScoreCache(path: FileManager.default.temporaryDirectory.appendingPathComponent("consensus-\(UUID()).sqlite").path)
        let evaluator = BenchmarkEvaluator(engine: FixtureEngine(), cache: cache, logger: Self.logger)
        let error = #expect(throws: BenchmarkError.self) { try evaluator.load(plan) }
        #expect(error?.line == 1)
        #expect(error?.reason == "is a row of hf:allenai/ai2_arc, but mmlu reads hf:cais/mmlu or the consensus schema; is this the file of another task?")
    }
}
