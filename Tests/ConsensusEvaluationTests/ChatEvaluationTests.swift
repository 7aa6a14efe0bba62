import ConsensusEvaluation
import ConsensusRanking
import ConsensusScoring
import ConsensusTesting
import Foundation
import Logging
import Testing

/// `eval --apply-chat-template` through the score cache, on an engine with a made-up ChatML
/// template whose scores follow from the text: chat and plain scores never mix, and the results
/// record the formatting.
@Suite("Evaluation, chat formatting")
struct ChatEvaluationTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func chatAndPlainScoresNeverMixAndTheResultsRecordTheFormatting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-eval-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = folder.appendingPathComponent("mmlu.jsonl").path
        try BenchmarkFixtures.mmlu.write(toFile: data, atomically: true, encoding: .utf8)
        let cache = try ScoreCache(path: folder.appendingPathComponent("scores.sqlite").path)
        // Scores from the text, markup included; the record counts what was scored.
        let engine = FixtureEngine().withChatTemplate()
        let evaluator = BenchmarkEvaluator(engine: engine, cache: cache, logger: Self.logger)
        func run(_ chat: ChatFormatting?) async throws -> (scored: Int, configuration: EvaluationConfiguration) {
            var plan = EvaluationPlan(tasks: [.init(task: .mmlu, path: data)])
            plan.chat = chat
            let before = engine.record.requests.count
            let (_, configuration) = try await evaluator.run(plan)
            return (engine.record.requests.count - before, configuration)
        }
        let requests = 4 * 4 * 4  // 4 items of 4 choices: 2n continuations and n discriminator prompts of 2 labels each

        let plain = try await run(nil)
        #expect(plain.scored == requests)
        #expect(plain.configuration.formatting == .plain)
        // The chat run reads nothing the plain run scored, and a second chat run reads everything.
        let chat = try await run(ChatFormatting())
        #expect(chat.scored == requests)
        let last = engine.record.requests.suffix(requests)
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
