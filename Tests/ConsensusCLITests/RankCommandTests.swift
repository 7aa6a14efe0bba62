import Foundation
import Testing

/// `consensus rank` end to end, on the real small model and, where the answer matters, on the
/// shipped default model.
@Suite("consensus rank", .serialized)
struct RankCommandTests {
    static let question = ["rank", "--question", "Which planet is known as the Red Planet?", "--choice", "Mars", "--choice", "Venus", "--choice", "Jupiter"]

    @Test func theTableShowsEveryMethodAndItsPick() throws {
        try ConsensusBinary.installedModel()
        let r = try ConsensusBinary.run(Self.question + ["--verbose"])
        #expect(r.status == 0, "\(r.stderr)")
        let header = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("candidate") })
        for method in ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"] {
            #expect(header.split(separator: " ").contains(Substring(method)), "column \(method)")
        }
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("1  ") || $0.hasPrefix("2  ") || $0.hasPrefix("3  ") }
        #expect(rows.count == 3)
        // Seven picks, one per method, marked in the rows.
        #expect(rows.map { $0.filter { $0 == "◀" }.count }.reduce(0, +) == 7)
        #expect(r.stdout.contains("Equilibrium-Ranking picks"))
        // --verbose: the cost, and it is the prefix-trie minimum.
        let line = try #require(r.stderr.split(separator: "\n").first { $0.contains("tokens evaluated") })
        let cost = try #require(line.range(of: "cost:").map { line[$0.upperBound...] })
        let numbers = cost.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 2 && numbers[0] == numbers[1], "\(cost)")
    }

    @Test func jsonCarriesAllSevenMethods() throws {
        try ConsensusBinary.installedModel()
        let r = try ConsensusBinary.run(Self.question + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["scores", "ranking", "pick"] {
            let byMethod = try #require(object[key] as? [String: Any], "\(key)")
            #expect(Set(byMethod.keys) == ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"])
        }
        #expect((object["probability_correct"] as? [Double])?.count == 3)
        #expect(object["exploitability"] is Double)
        let initial = try #require(object["initial"] as? [String: Any])
        #expect(initial["generator"] != nil && initial["discriminator"] != nil)
        #expect((object["model"] as? [String: Any])?["file_hash"] as? String != nil)
        #expect((object["settings"] as? [String: Any])?["normalization"] as? String == "cross")
        #expect((object["question"] as? [String: Any])?["candidates"] as? [String] == ["Mars", "Venus", "Jupiter"])
    }

    /// `--apply-chat-template`: the small model's ChatML template, recorded in the table and the
    /// JSON; a system instruction alone, or a remote engine, is refused naming the option.
    @Test func chatFormattingIsRecordedAndRefusedWhereItCannotApply() throws {
        try ConsensusBinary.installedModel()
        let table = try ConsensusBinary.run(Self.question + ["--apply-chat-template", "--system-instruction", "Answer in one word."])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("formatting: chat (template #"))
        let json = try ConsensusBinary.run(Self.question + ["--apply-chat-template", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["formatting"] as? [String: Any])?["kind"] as? String == "chat")

        let alone = try ConsensusBinary.run(Self.question + ["--system-instruction", "Answer in one word."])
        #expect(alone.status != 0 && alone.stderr.contains("--system-instruction is the chat template's system turn; it needs --apply-chat-template"))
        // A remote engine has no GGUF metadata: the error names the option before any request.
        let remote = try ConsensusBinary.run(Self.question + ["--apply-chat-template", "--engine", "http://127.0.0.1:9"])
        #expect(remote.status != 0)
        #expect(remote.stderr.contains("--apply-chat-template needs the model's chat template"), "\(remote.stderr)")
    }

    /// `--discriminator-model`: the generator's scores are the small model's alone, the
    /// discriminator's the default model's alone, and the answer names both models.
    @Test func playersFromTwoModelsScoreAsEachModelAlone() throws {
        try ConsensusBinary.installedModel()
        try ConsensusBinary.installedModel(defaultModel: true)
        func scores(_ extra: [String]) throws -> (scores: [String: [Double]], model: String) {
            let r = try ConsensusBinary.run(Self.question + ["--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let model = try #require((object["model"] as? [String: Any])?["name"] as? String)
            return (try #require(object["scores"] as? [String: [Double]]), model)
        }
        let small = try scores(["--model", "smollm2-135m"])
        let large = try scores(["--model", "qwen2.5-coder-1.5b"])
        let both = try scores(["--model", "smollm2-135m", "--discriminator-model", "qwen2.5-coder-1.5b"])
        #expect(both.scores["G"] == small.scores["G"])
        #expect(both.scores["D"] == large.scores["D"])
        #expect(both.scores["D"] != small.scores["D"])
        #expect(both.model == "\(small.model) (generator) + \(large.model) (discriminator)")
        let remote = try ConsensusBinary.run(Self.question + ["--discriminator-model", "smollm2-135m", "--engine", "http://127.0.0.1:9"])
        #expect(remote.status != 0 && remote.stderr.contains("--discriminator-model and --engine cannot be combined"), "\(remote.stderr)")
    }

    /// The default model answers the README's example and the France question right by ER-D
    /// (the reason it is the default: docs/models.md).
    @Test(arguments: [
        ("Which planet is known as the Red Planet?", ["Mars", "Venus", "Jupiter", "Saturn"], 0),
        ("What is the capital of France?", ["Paris", "London", "Berlin", "Madrid"], 0),
    ])
    func theDefaultModelAnswersRight(question: String, choices: [String], right: Int) throws {
        try ConsensusBinary.installedModel(defaultModel: true)
        let r = try ConsensusBinary.run(
            ["rank", "--json", "--question", question] + choices.flatMap { ["--choice", $0] }, defaultModel: true)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let picks = try #require(object["pick"] as? [String: Any])
        #expect(picks["ER-D"] as? Int == right, "\(picks)")
        #expect(picks["ER-G"] as? Int == right, "\(picks)")
        let model = try #require(object["model"] as? [String: Any])
        #expect((model["location"] as? String)?.hasSuffix("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf") == true, "\(model)")
    }

    @Test("bad input: a one-line error and exit status ≠ 0", arguments: [
        (["--question", "Q?", "--choice", "only one"], "at least two candidates"),
        (["--question", " ", "--choice", "a", "--choice", "b"], "the question is empty"),
        (["--question", "Q?", "--choice", "a", "--choice", ""], "candidate 2 is empty"),
        (["--question", "Q?", "--choice", "a", "--choice", "b", "--template", "nonesuch"], "unknown template \"nonesuch\""),
        (["--question", "Q?", "--choice", "a", "--choice", "b", "--model", "/no/such.gguf"], "/no/such.gguf does not exist"),
        (["--question", "Q?", "--choice", "a", "--choice", "b", "--engine-kind", "bogus"], "'openai' and 'sglang'"),
        (["--question", "Q?", "--choice", "a", "--choice", "b", "--pack-tokens=-1"], "--pack-tokens must be at least 0 (got -1)"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let r = try ConsensusBinary.run(["rank"] + arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
