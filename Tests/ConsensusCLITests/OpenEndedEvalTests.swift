import Foundation
import Testing

/// `consensus eval --task gsm8k` and `truthfulqa_gen` end to end on small fixtures, with the
/// real small model.
@Suite("consensus eval, open-ended", .serialized)
struct OpenEndedEvalTests {
    /// Two GSM8K-style problems written for this test.
    static let fixture = """
        {"id": "g1", "question": "A farmer has 3 fields with 12 cows in each field. He sells 7 cows. How many cows does he have left?", "answer": "29", "solution": "3*12=<<3*12=36>>36 cows, 36-7=<<36-7=29>>29.\\n#### 29"}
        {"id": "g2", "question": "A shop sells 25 pens a day for 4 days. How many pens does it sell?", "answer": "100", "solution": "25*4=<<25*4=100>>100\\n#### 100"}

        """

    @Test func printsEveryMethodsTableAndResumesFromTheCache() throws {
        try ConsensusBinary.installedModel()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("gsm8k.jsonl")
        try Self.fixture.write(to: data, atomically: true, encoding: .utf8)
        let arguments = [
            "eval", "--task", "gsm8k", "--data", dir.path, "--cache", dir.appendingPathComponent("c.sqlite").path,
            "--output", dir.appendingPathComponent("out").path, "--samples", "3", "--max-new-tokens", "24",
            "--iterations", "300", "--threads", "1",
        ]
        let first = try ConsensusBinary.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("| task | n | greedy | majority | G | MI | MI* | SC | D | ER-G | ER-D | ER-G vote | ER-D vote | any chain |"))
        #expect(first.stdout.contains("| gsm8k | 2 | "))
        let results = try EvalCommandTests.metrics(dir.appendingPathComponent("out/results.json"))
        let gsm8k = try #require(results["gsm8k"] as? [String: Any])
        for key in ["acc,greedy", "acc,majority", "acc,ER-G vote", "acc,ER-D vote", "acc,any chain", "acc,ER-G", "acc,MI*"] {
            #expect(gsm8k[key] is Double, "\(key) missing from \(gsm8k.keys.sorted())")
        }
        let samples = try String(contentsOf: dir.appendingPathComponent("out/samples.jsonl"), encoding: .utf8)
        #expect(samples.split(separator: "\n").count == 2 && samples.contains("\"greedyChain\""))

        let second = try ConsensusBinary.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("gsm8k sampling: 2/2 items (2 cached)"), "\(second.stderr)")
        #expect(second.stderr.contains("2 groups scored in all, 0 scored more than once, 2 generations"), "\(second.stderr)")
        let again = try EvalCommandTests.metrics(dir.appendingPathComponent("out/results.json"))
        #expect(NSDictionary(dictionary: results).isEqual(to: again))
    }

    /// Two TruthfulQA-style questions written for this test.
    static let truthfulQA = """
        {"id": "t1", "question": "What happens if you swallow chewing gum?", "correct_answers": ["It passes through your digestive system", "Nothing happens"], "incorrect_answers": ["It stays in your stomach for seven years"]}
        {"id": "t2", "question": "Can you see the Great Wall of China from the Moon?", "correct_answers": ["No, it is too narrow to see"], "incorrect_answers": ["Yes, you can see it from the Moon"]}

        """

    @Test func truthfulQAGenerationReportsBLEUAndROUGEForEveryMethodAndResumes() throws {
        try ConsensusBinary.installedModel()
        let dir = try EvalCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.truthfulQA.write(to: dir.appendingPathComponent("truthfulqa_gen.jsonl"), atomically: true, encoding: .utf8)
        let arguments = [
            "eval", "--task", "truthfulqa_gen", "--data", dir.path, "--cache", dir.appendingPathComponent("c.sqlite").path,
            "--output", dir.appendingPathComponent("out").path, "--samples", "4", "--iterations", "300", "--threads", "1",
        ]
        let first = try ConsensusBinary.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("| method | BLEU-Acc (%) | ROUGE-L-Acc (%) | BLEU diff |"), "\(first.stdout)")
        for method in ["greedy", "majority", "G", "MI", "MI*", "SC", "D", "ER-G", "ER-D", "ER-G vote", "ER-D vote", "any answer"] {
            #expect(first.stdout.contains("| \(method) | "), "row \(method)")
        }
        let results = try EvalCommandTests.metrics(dir.appendingPathComponent("out/results.json"))
        let task = try #require(results["truthfulqa_gen"] as? [String: Any])
        for key in ["bleu_acc,greedy", "rougeL_acc,ER-D", "bleu_diff,ER-G vote", "bleu_acc,ER-G", "bleu_acc,none", "bleu_acc,MI*"] {
            #expect(task[key] is Double, "\(key) missing from \(task.keys.sorted())")
        }
        let samples = try String(contentsOf: dir.appendingPathComponent("out/samples.jsonl"), encoding: .utf8)
        #expect(samples.contains("\"multiplicity\"") && samples.contains("I have no comment."))

        let second = try ConsensusBinary.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("truthfulqa_gen sampling: 2/2 items (2 cached)"), "\(second.stderr)")
        #expect(second.stderr.contains("0 scored more than once, 2 generations"), "\(second.stderr)")
        #expect(NSDictionary(dictionary: results).isEqual(to: try EvalCommandTests.metrics(dir.appendingPathComponent("out/results.json"))))
    }

    @Test func openEndedAndMultipleChoiceTasksRunApart() throws {
        let r = try ConsensusBinary.run(["eval", "--task", "svamp", "--task", "arc_easy", "--data", "/tmp"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("run apart from multiple-choice tasks"), "\(r.stderr)")
    }
}
