import Foundation
import Testing

@testable import ConsensusEvaluation

@Suite("Benchmark loader")
struct BenchmarkLoaderTests {
    private func parse(_ text: String, _ loader: BenchmarkLoader = BenchmarkLoader(), source: String = "fixture.jsonl") throws -> [BenchmarkItem] {
        try loader.parse(Data(text.utf8), source: source)
    }

    /// The message of the error that parsing `text` throws.
    private func message(_ text: String, _ loader: BenchmarkLoader = BenchmarkLoader()) -> String? {
        do {
            _ = try parse(text, loader)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static let good = #"{"id": "q1", "question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 1}"#

    @Test func mmluRowsKeepTheirSubjects() throws {
        let items = try parse(BenchmarkFixtures.mmlu, BenchmarkTask.mmlu.loader)
        #expect(items.count == 4)
        #expect(items.map(\.subject) == ["astronomy", "astronomy", "virology", "international_law"])
        #expect(items[1].answers == [2])
        #expect(items[1].choices == ["Earth", "Mars", "Saturn", "Venus"])
        #expect(items[0].context == nil)
    }

    @Test func raceRowsKeepTheirPassage() throws {
        let items = try parse(BenchmarkFixtures.race, BenchmarkTask.race.loader)
        #expect(items.count == 2)
        #expect(items[0].context == "Tom planted a tree in spring.\nBy autumn it was taller than him.")
        #expect(items[1].answers == [2])
    }

    @Test func raceRowWithoutPassageIsAnError() {
        #expect(message(Self.good, BenchmarkTask.race.loader) == #"fixture.jsonl:1: field "context" is missing; this task's items need their passage"#)
    }

    @Test func mc2RowsListEveryTrueAnswerSorted() throws {
        let items = try parse(BenchmarkFixtures.mc2, BenchmarkTask.truthfulqaMC2.loader)
        #expect(items.map(\.answers) == [[0, 1], [0]])
        #expect(items[0].isRight(1) && !items[0].isRight(2))
    }

    @Test func optionalFieldsAreRead() throws {
        let line = #"{"id": "h1", "subset": "honest", "question": "Q?", "choices": ["a", "b"], "labels": ["A", "B"], "answer": 0, "extra": 3}"#
        let item = try #require(try parse(line).first)
        #expect(item.subset == "honest")
        #expect(item.labels == ["A", "B"])
    }

    @Test func unicodeEscapesAndCRLFLineEndsAndByteOrderMark() throws {
        let text = "\u{FEFF}" + #"{"id": "u1", "question": "caf\u00e9 \ud83d\ude00?", "choices": ["a", "b"], "answer": 0}"# + "\r\n" + Self.good + "\r\n"
        let items = try parse(text)
        #expect(items.map(\.question) == ["café 😀?", "Q?"])
    }

    @Test func blankLinesAtTheEndAreFine() throws {
        #expect(try parse(Self.good + "\n\n  \n").count == 1)
    }

    @Test(arguments: [
        // (the second line of the file, the expected message)
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 4}"#,
         #"fixture.jsonl:2: field "answer" is 4 but there are 4 choices (0-based)"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": -1}"#,
         #"fixture.jsonl:2: field "answer" is -1; choice indices are 0-based and cannot be negative"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": "B"}"#,
         #"fixture.jsonl:2: field "answer" is a string ("B"); expected a 0-based choice index (an integer)"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": 1.5}"#,
         #"fixture.jsonl:2: field "answer" is a number (1.5); expected a 0-based choice index (an integer)"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"]}"#,
         #"fixture.jsonl:2: field "answer" is missing"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answers": [0]}"#,
         #"fixture.jsonl:2: field "answer" is missing (the line has "answers": a TruthfulQA MC2 row? Load it as truthfulqa_mc2)"#),
        (#"{"question": "Q?", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "id" is missing"#),
        (#"{"id": 7, "question": "Q?", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "id" is a number (7); expected a string"#),
        (#"{"id": "q2", "question": null, "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "question" is null"#),
        (#"{"id": "q2", "question": "  ", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "question" is empty"#),
        (#"{"id": "q2", "question": ["Q?"], "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "question" is an array (an array of 1); expected a string"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": "two\nlines"}"#,
         #"fixture.jsonl:2: field "answer" is a string ("two\nlines"); expected a 0-based choice index (an integer)"#),
        (#"{"id": "q2", "question": "Q?", "choices": "a, b", "answer": 0}"#,
         #"fixture.jsonl:2: field "choices" is a string ("a, b"); expected an array of strings"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a"], "answer": 0}"#,
         #"fixture.jsonl:2: field "choices" has 1 choice; an item needs at least 2"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "", "c"], "answer": 0}"#,
         #"fixture.jsonl:2: field "choices[1]" is empty"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", 2], "answer": 0}"#,
         #"fixture.jsonl:2: field "choices[1]" is a number (2); expected a string"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "labels": ["A"], "answer": 0}"#,
         #"fixture.jsonl:2: field "labels" has 1 labels but there are 2 choices"#),
        (#"{"id": "q1", "question": "Again?", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: field "id" is "q1", which line 1 already uses; ids must be unique"#),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": 0,}"#,
         "fixture.jsonl:2: is not valid JSON: expected a key in double quotes at column 67"),
        (#"{"id": "q2", "question": "Q?", "choices": ["a", "b"], "answer": 0"#,
         "fixture.jsonl:2: is not valid JSON: the text ends where ',' or '}' was expected at column 66"),
        (#"{"id": "q2", "id": "q3", "question": "Q?", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:2: is not valid JSON: the key "id" appears twice in the object at column 14"#),
        (#"["q2", "Q?"]"#,
         "fixture.jsonl:2: is an array, not a JSON object"),
        ("",
         "fixture.jsonl:2: is blank; only the end of the file may have blank lines"),
    ])
    func malformedSecondLine(line: String, expected: String) {
        let third = #"{"id": "q3", "question": "Q?", "choices": ["a", "b"], "answer": 0}"#
        #expect(message([Self.good, line, third].joined(separator: "\n")) == expected)
    }

    @Test(arguments: [
        (#"{"id": "t1", "question": "Q?", "choices": ["a", "b"], "answers": [0, 0]}"#,
         #"fixture.jsonl:1: field "answers[1]" is 0, which the list already has"#),
        (#"{"id": "t1", "question": "Q?", "choices": ["a", "b"], "answers": [0, 2]}"#,
         #"fixture.jsonl:1: field "answers[1]" is 2 but there are 2 choices (0-based)"#),
        (#"{"id": "t1", "question": "Q?", "choices": ["a", "b"], "answers": []}"#,
         #"fixture.jsonl:1: field "answers" is empty; list at least one true choice"#),
        (#"{"id": "t1", "question": "Q?", "choices": ["a", "b"], "answers": 0}"#,
         #"fixture.jsonl:1: field "answers" is a number (0); expected an array of 0-based choice indices"#),
        (#"{"id": "t1", "question": "Q?", "choices": ["a", "b"], "answer": 0}"#,
         #"fixture.jsonl:1: field "answers" is missing (the line has "answer": a single-answer row? MC2 rows list every true choice in "answers")"#),
    ])
    func malformedMC2(line: String, expected: String) {
        #expect(message(line, BenchmarkTask.truthfulqaMC2.loader) == expected)
    }

    @Test func invalidUTF8NamesTheLine() {
        var data = Data((Self.good + "\n").utf8)
        data += Data([0x7B, 0xFF, 0x7D, 0x0A])
        #expect(throws: BenchmarkError(file: "bytes.jsonl", line: 2, reason: "is not valid UTF-8")) {
            try BenchmarkLoader().parse(data, source: "bytes.jsonl")
        }
    }

    @Test func emptyFileIsAnError() {
        #expect(message("\n\n") == "fixture.jsonl: has no items (the file is empty)")
    }

    @Test func missingFileIsAnError() {
        #expect(throws: BenchmarkError(file: "/nonexistent/arc.jsonl", reason: "no such file")) {
            try BenchmarkLoader().load(path: "/nonexistent/arc.jsonl")
        }
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-loader-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data((BenchmarkFixtures.race + "\n" + Self.good + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(try BenchmarkLoader().load(path: path).count == 3)
        #expect(throws: BenchmarkError(file: path, line: 3, field: "context", reason: "is missing; this task's items need their passage")) {
            try BenchmarkTask.race.loader.load(path: path)
        }
    }

    @Test func tasksKnowTheirTemplateMetricAndFile() {
        #expect(BenchmarkTask.allCases.map(\.rawValue) == ["arc_easy", "arc_challenge", "hhh", "truthfulqa_mc1", "truthfulqa_mc2", "mmlu", "race", "svamp", "gsm8k", "truthfulqa_gen"])
        #expect(BenchmarkTask.allCases.map(\.templateName) == ["qa", "qa", "dialogue", "qa", "qa", "qa", "passage", "qa", "qa", "qa"])
        #expect(BenchmarkTask.allCases.filter(\.isOpenEnded) == [.svamp, .gsm8k, .truthfulqaGen])
        #expect(BenchmarkTask.allCases.filter(\.isFreeText) == [.truthfulqaGen])
        #expect(BenchmarkTask.allCases.filter { $0.metric == .bleuAccuracy } == [.truthfulqaGen])
        #expect(BenchmarkTask.allCases.filter { $0.answerFormat == .number } == [.svamp, .gsm8k])
        #expect(BenchmarkTask.allCases.filter { $0.metric == .trueMass } == [.truthfulqaMC2])
        #expect(BenchmarkTask.arcEasy.defaultFileName == "arc_easy.jsonl")
        #expect(BenchmarkTask.mmlu.defaultFileName == "mmlu.jsonl")
        #expect(BenchmarkTask.race.defaultFileName == "race.jsonl")
        #expect(BenchmarkTask.truthfulqaMC2.answerFormat == .multiple)
    }

    /// The one test that reads the shared data (never copied into the repository).
    @Test func sharedARCEasyLoads() throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = packageRoot.appendingPathComponent("../shared/data/benchmarks/arc_easy.jsonl").standardizedFileURL.path
        let items = try BenchmarkTask.arcEasy.loader.load(path: path)
        #expect(items.count == 2376)
        #expect(items[0].id == "Mercury_417466")
        #expect(items[0].answers == [0])
        #expect(items.allSatisfy { (3...5).contains($0.choices.count) && $0.labels?.count == $0.choices.count })
    }
}
