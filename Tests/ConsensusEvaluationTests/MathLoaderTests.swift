import Foundation
import Testing

@testable import ConsensusEvaluation

@Suite("Math word problems: loading and votes")
struct MathLoaderTests {
    @Test func gsm8kAndSvampRowsLoadWithCanonicalAnswers() throws {
        let gsm = try MathLoader.parse(Data(BenchmarkFixtures.gsm8k.utf8), source: "gsm8k.jsonl")
        #expect(gsm.map(\.id) == ["gsm_1", "gsm_2"])
        #expect(gsm.map(\.answer) == ["29", "1000"])
        // The reference rationale's own final number agrees with the answer field.
        #expect(gsm.allSatisfy { AnswerExtraction.finalNumber(in: $0.solution!) == $0.answer })
        let svamp = try MathLoader.parse(Data(BenchmarkFixtures.svamp.utf8), source: "svamp.jsonl")
        #expect(svamp.map(\.answer) == ["5", "20"])
        #expect(svamp[0].solution == "( 8.0 - 3.0 )")
    }

    @Test(arguments: [
        (#"{"id": "a", "question": "Q?", "answer": "five"}"#, #"math.jsonl:2: field "answer" is "five", which is not one number"#),
        (#"{"id": "a", "question": "Q?", "answer": ["5"]}"#, #"math.jsonl:2: field "answer" is an array (an array of 1); expected a number, as a string such as "42""#),
        (#"{"id": "a", "question": "Q?"}"#, #"math.jsonl:2: field "answer" is missing"#),
        (#"{"id": "a", "question": "", "answer": "5"}"#, #"math.jsonl:2: field "question" is empty"#),
        (#"{"id": "ok", "question": "Q?", "answer": "5"}"#, #"math.jsonl:2: field "id" is "ok", which line 1 already uses; ids must be unique"#),
    ])
    func aBadRowNamesFileLineAndField(line: String, message: String) {
        let data = Data((#"{"id": "ok", "question": "Q?", "answer": "5"}"# + "\n" + line + "\n").utf8)
        let error = #expect(throws: BenchmarkError.self) { try MathLoader.parse(data, source: "math.jsonl") }
        #expect(error?.description == message)
    }

    /// The shared SVAMP file (read in place, never copied): 1000 problems with whole-number answers.
    @Test func sharedSVAMPLoads() throws {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = packageRoot.appendingPathComponent("../shared/data/benchmarks/svamp.jsonl").standardizedFileURL.path
        let items = try MathLoader.load(path: path)
        #expect(items.count == 1000)
        #expect(items[0].id == "chal-1" && items[0].answer == "51")
        #expect(items.allSatisfy { Int($0.answer) != nil && $0.solution != nil })
    }

    @Test func votesCountChainsWithANumberAndSplitTies() {
        // Answers of five chains: "4" twice, "5" twice, one chain without a number.
        let answers: [String?] = ["4", "5", nil, "5", "4"]
        #expect(ItemOutcome.vote(answers, weights: [1, 1, 1, 1, 1]) == ["4", "5"])
        #expect(ItemOutcome.vote(answers, weights: [0.1, 0.3, 0.9, 0.2, 0.1]) == ["5"])
        #expect(ItemOutcome.vote([nil, nil], weights: [1, 1]).isEmpty)
    }
}
