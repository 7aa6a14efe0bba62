import ConsensusGame
import ConsensusLlama
import ConsensusScoring
import Foundation
import Logging
import Testing

@testable import ConsensusEvaluation

/// svamp-style items through sampling, scoring, the game and the metrics, with the real model.
@Suite("Open-ended pipeline", .serialized)
struct OpenEndedPipelineTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func engine() throws -> LlamaEngine { try SmallModel.engine(threads: 1) }

    /// A fresh folder holding the svamp fixture, and a plan over it with a short solver.
    static func fixture() throws -> (dir: URL, plan: EvaluationPlan) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-open-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = dir.appendingPathComponent("svamp.jsonl")
        try BenchmarkFixtures.svamp.write(to: data, atomically: true, encoding: .utf8)
        var plan = EvaluationPlan(tasks: [.init(task: .svamp, path: data.path)])
        plan.solvers = [SolverSettings(iterations: 300)]
        return (dir, plan)
    }

    @Test func chainsAreSampledRankedVotedAndCachedForAResume() async throws {
        let (dir, plan) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = OpenEndedSettings()
        settings.samples = 4
        settings.maxNewTokens = 40
        settings.seed = 11
        let cache = try ScoreCache(path: dir.appendingPathComponent("cache.sqlite").path)
        let evaluator = OpenEndedEvaluator(engine: try Self.engine(), cache: cache, logger: Self.logger)

        let (results, configuration) = try await evaluator.run(plan, settings: { _ in settings })
        let result = try #require(results.first)
        #expect(result.outcomes.count == 2)
        #expect(configuration.generation?["samples"] == "4" && configuration.tokensEvaluated > 0)
        for outcome in result.outcomes {
            let chains = try #require(outcome.chains)
            #expect(outcome.item.choices.count == 4 && chains.answers.count == 4)
            // Each chain's answer is the final number of its text, and "right" means it equals the reference.
            #expect(chains.answers == outcome.item.choices.map(AnswerExtraction.finalNumber(in:)))
            #expect(outcome.item.answers == chains.answers.indices.filter { chains.answers[$0] == chains.reference })
            for m in RankingMethod.allCases {
                let best = outcome.bestCandidates(m)
                let expected = Double(best.count { chains.answers[$0] == chains.reference }) / Double(best.count)
                #expect(outcome.credit(m) == expected)
            }
            #expect(outcome.answerCredit(.anyChain) == (outcome.item.answers.isEmpty ? 0 : 1))
            #expect(outcome.answerCredit(.greedy) == (chains.greedyAnswer == chains.reference ? 1 : 0))
        }
        let any = try #require(result.metrics[.anyChain]).value
        for m in AnswerMethod.allCases where m != .greedy { #expect(result.metrics[m]!.value <= any) }
        for m in RankingMethod.allCases { #expect(result.metrics[m].value <= any) }
        // The report has the final-answer table and not the multiple-choice one.
        let report = MarkdownReport(configuration: configuration, results: results).text
        #expect(report.contains("## Final-answer accuracy, sampled chains (%)\n\n| task | n | greedy | majority | G |"))
        #expect(!report.contains("## Accuracy (%)"))

        // Again: every chain and score comes from the cache, and the results are the same.
        let before = try cache.statistics()
        #expect(before.generations == 2 && before.groupsScored == 2)
        let (again, againConfiguration) = try await evaluator.run(plan, settings: { _ in settings })
        #expect(againConfiguration.tokensEvaluated == 0)
        #expect(try cache.statistics() == before)
        #expect(again[0].metrics == result.metrics)
        #expect(again[0].outcomes.map(\.item.choices) == result.outcomes.map(\.item.choices))
    }

    /// Two engines sampling and scoring two items at once give the chains and scores of one
    /// engine doing them in turn, bit for bit.
    @Test func aPoolOfEnginesGivesWhatOneEngineGives() async throws {
        let (dir, plan) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = OpenEndedSettings()
        settings.samples = 3
        settings.maxNewTokens = 24
        settings.seed = 4
        let one = OpenEndedEvaluator(
            engine: try Self.engine(), cache: try ScoreCache(path: dir.appendingPathComponent("one.sqlite").path), logger: Self.logger)
        let pool = OpenEndedEvaluator(
            engine: EnginePool([try Self.engine(), try Self.engine()]),
            cache: try ScoreCache(path: dir.appendingPathComponent("pool.sqlite").path), concurrency: 2, logger: Self.logger)
        let (alone, _) = try await one.run(plan, settings: { _ in settings })
        let (pooled, configuration) = try await pool.run(plan, settings: { _ in settings })
        #expect(configuration.tokensEvaluated > 0)
        #expect(pooled[0].outcomes.map(\.item.choices) == alone[0].outcomes.map(\.item.choices))
        #expect(pooled[0].outcomes.map(\.chains) == alone[0].outcomes.map(\.chains))
        #expect(pooled[0].outcomes.map(\.problem) == alone[0].outcomes.map(\.problem))
        #expect(pooled[0].metrics == alone[0].metrics)
    }
}
