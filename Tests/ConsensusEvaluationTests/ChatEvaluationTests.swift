import ConsensusEvaluation
import ConsensusRanking
import ConsensusScoring
import Foundation
import Logging
import Synchronization
import Testing

/// `eval --apply-chat-template` through the score cache, on an engine with a made-up ChatML
/// template whose scores follow from the text: chat and plain scores never mix, and the results
/// record the formatting.
@Suite("Evaluation, chat formatting")
struct ChatEvaluationTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Scores every request from its text, markup included, and counts what it scored.
    final class CountingEngine: ScoringEngine, ChatTemplating {
        let scored = Mutex<[ContinuationRequest]>([])
        var model: ModelDescription {
            ModelDescription(
                name: "counting", engine: "counting", architecture: "none", location: "memory", vocabularySize: 0,
                trainedContextLength: 0, contextLength: 0, fileHash: "0")
        }
        func score(_ group: ScoringGroup) async throws -> GroupScores {
            let requests = group.allContinuationRequests
            scored.withLock { $0 += requests }
            let scores = requests.map { r in
                let value = -Double((r.prompt.count * 7 + r.continuation.count * 3 + (r.hasMarkup ? 1 : 0)) % 23) / 4 - 0.1
                return ContinuationScore(logProbability: value, tokenLogProbabilities: [value], promptTokenCount: 1, continuationTokenCount: 1, isGreedy: false)
            }
            return GroupScores(group, scores: scores, cost: ScoringCost(tokensEvaluated: requests.count))
        }
        func chatFormat(systemInstruction: String?) throws -> ChatFormat {
            var opening: [PromptPart] = [.markup("<|im_start|>user\n")]
            if let systemInstruction {
                opening = [.markup("<|im_start|>system\n"), .text(systemInstruction), .markup("<|im_end|>\n<|im_start|>user\n")]
            }
            return ChatFormat(
                templateHash: "chatml", systemInstruction: systemInstruction, opening: opening, closing: [.markup("<|im_end|>\n<|im_start|>assistant\n")])
        }
    }

    @Test func chatAndPlainScoresNeverMixAndTheResultsRecordTheFormatting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-eval-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = folder.appendingPathComponent("mmlu.jsonl").path
        try BenchmarkFixtures.mmlu.write(toFile: data, atomically: true, encoding: .utf8)
        let cache = try ScoreCache(path: folder.appendingPathComponent("scores.sqlite").path)
        let engine = CountingEngine()
        let evaluator = BenchmarkEvaluator(engine: engine, cache: cache, logger: Self.logger)
        func run(_ chat: ChatFormatting?) async throws -> (scored: Int, configuration: EvaluationConfiguration) {
            var plan = EvaluationPlan(tasks: [.init(task: .mmlu, path: data)])
            plan.chat = chat
            let before = engine.scored.withLock { $0.count }
            let (_, configuration) = try await evaluator.run(plan)
            return (engine.scored.withLock { $0.count } - before, configuration)
        }
        let requests = 4 * 4 * 4  // 4 items of 4 choices: 2n continuations and n discriminator prompts of 2 labels each

        let plain = try await run(nil)
        #expect(plain.scored == requests)
        #expect(plain.configuration.formatting == .plain)
        // The chat run reads nothing the plain run scored, and a second chat run reads everything.
        let chat = try await run(ChatFormatting())
        #expect(chat.scored == requests)
        let last = engine.scored.withLock { Array($0.suffix(requests)) }
        #expect(last.allSatisfy { $0.hasMarkup })
        #expect(try await run(ChatFormatting()).scored == 0)
        #expect(try await run(nil).scored == 0)
        // Another system instruction is another prompt.
        let system = try await run(ChatFormatting(systemInstruction: "Be brief."))
        #expect(system.scored == requests)

        #expect(chat.configuration.formatting.kind == .chat && chat.configuration.formatting.chatTemplateHash == "chatml")
        #expect(system.configuration.formatting.systemInstruction == "Be brief.")
        #expect(system.configuration.formatting.hash != chat.configuration.formatting.hash)
        // results.json and report.md carry it.
        let json = try JSONEncoder().encode(system.configuration)
        #expect(try JSONDecoder().decode(EvaluationConfiguration.self, from: json).formatting == system.configuration.formatting)
        let report = MarkdownReport(configuration: system.configuration, results: []).text
        #expect(report.contains("Prompt formatting: chat (template #chatml"))
        #expect(report.contains("Be brief."))
    }
}
