import ConsensusLlama
import ConsensusScoring
import Foundation
import Logging
import Testing

/// `consensus score` on the real small model.
@Suite("consensus score", .serialized)
struct ScoreCommandTests {
    /// The France example scored in this process by the library, on the model the commands use.
    static func franceInProcess() async throws -> Double {
        let engine = try LlamaEngine(
            modelPath: try ConsensusBinary.installedModel(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return try await engine.score(ContinuationRequest(prompt: "The capital of France is", continuation: " Paris, a city on the Seine.")).logProbability
    }

    @Test func oneRequest() async throws {
        try ConsensusBinary.installedModel()
        let r = try ConsensusBinary.run(["score", "--prompt", "The capital of France is", "--continuation", " Paris, a city on the Seine."])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try r.objects.first)
        let logprob = try #require(object["logprob"] as? Double)
        let inProcess = try await Self.franceInProcess()
        #expect(abs(logprob - inProcess) < 1e-12, "the command and the library give the same score: \(logprob) vs \(inProcess)")
        #expect(object["continuation_tokens"] as? Int == 9)
    }

    /// JSON Lines on standard input: answered in order; a bad line stops the run with its line
    /// number, after every line before it has been answered.
    @Test func jsonLinesWithABadLine() throws {
        try ConsensusBinary.installedModel()
        let input = """
            {"prompt": "The capital of France is", "continuation": " Paris.", "group": "a"}
            {"prompt": "The capital of France is", "continuation": " Lyon.", "group": "a"}
            {"prompt": "2 + 2 =", "continuation": " 4"}
            {"prompt": "x", "continuation": 5}

            """
        let r = try ConsensusBinary.run(["score", "--input", "-"], input: input)
        #expect(r.status != 0)
        #expect(r.stderr.contains("<stdin>:4") || r.stderr.contains("-:4"), "\(r.stderr)")
        #expect(r.stderr.contains("\"continuation\""))
        let answers = try r.objects
        #expect(answers.map { $0["continuation"] as? String } == [" Paris.", " Lyon.", " 4"])
        #expect((answers[0]["logprob"] as! Double) > (answers[1]["logprob"] as! Double))
    }
}
