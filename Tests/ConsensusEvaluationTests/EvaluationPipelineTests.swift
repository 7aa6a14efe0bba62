import ConsensusGame
import ConsensusRanking
import Testing

@testable import ConsensusEvaluation

/// Benchmark items through the real game core (EquilibriumSolver) into metrics and reports.
@Suite("Evaluation pipeline")
struct EvaluationPipelineTests {
    private static let items = [
        BenchmarkItem(id: "p1", question: "2 + 2?", choices: ["3", "4", "five"], answers: [1]),
        BenchmarkItem(id: "p2", question: "Capital of France?", choices: ["Paris", "Lyon"], answers: [0]),
    ]

    /// A ranking of `item` as the ranker would build it, with made-up language-model scores.
    private static func ranking(_ item: BenchmarkItem, candidateScore: CandidateScore, sums: [Double]) throws -> RankingResult {
        let n = item.choices.count
        let problem = try ConsensusProblem(
            generator: ByCorrectness(
                correct: zip(sums, item.choices).map { candidateScore.apply($0, candidate: $1) },
                incorrect: (0..<n).map { -2.0 - Double($0) }),
            discriminator: ByCorrectness(correct: (0..<n).map { -0.3 - 0.4 * Double($0) }, incorrect: [Double](repeating: -1.1, count: n)))
        let settings = SolverSettings(iterations: 200, exploitabilityInterval: 50)
        return RankingResult(
            question: item.rankingQuestion, template: "qa@v1#test", templateHash: "test", candidateScore: candidateScore,
            problem: problem, solution: EquilibriumSolver(settings: settings).solve(problem), solver: settings,
            cost: .init(tokensEvaluated: 0, trieMinimumTokens: 0, tokensWithoutSharing: 0, scoringMilliseconds: 0, solvingMilliseconds: 0))
    }

    @Test func itemsBecomeRankingQuestionsAndTasksFindTheirTemplates() throws {
        let race = BenchmarkItem(id: "r", question: "Q?", context: "A passage.", choices: ["a", "b"], answers: [0])
        #expect(race.rankingQuestion == RankingQuestion(question: "Q?", context: "A passage.", candidates: ["a", "b"]))
        for task in BenchmarkTask.allCases {
            #expect(try task.template().name == task.templateName)
        }
    }

    @Test(arguments: CandidateScore.allCases)
    func outcomeRecoversTheUnnormalisedSums(candidateScore: CandidateScore) throws {
        let sums = [-7.25, -3.5, -11.0]
        let outcome = try ItemOutcome(item: Self.items[0], ranking: Self.ranking(Self.items[0], candidateScore: candidateScore, sums: sums))
        for (recovered, sum) in zip(outcome.generatorLogProbabilities, sums) {
            #expect(abs(recovered - sum) < 1e-12)
        }
    }

    @Test func rankingOfAnotherItemIsRejected() throws {
        let ranking = try Self.ranking(Self.items[0], candidateScore: .sum, sums: [-1, -2, -3])
        #expect(throws: BenchmarkError(field: "candidates", reason: "of the ranking are not the choices of item \"p2\"")) {
            try ItemOutcome(item: Self.items[1], ranking: ranking)
        }
    }

    @Test func solvedOutcomesGiveConsistentMetricsAndReports() throws {
        let outcomes = try [([-7.25, -3.5, -11.0]), ([-2.0, -2.5])].enumerated().map { i, sums in
            try ItemOutcome(item: Self.items[i], ranking: Self.ranking(Self.items[i], candidateScore: .sum, sums: sums))
        }
        let result = try TaskResult(task: .arcEasy, solver: SolverSettings(iterations: 200, exploitabilityInterval: 50), outcomes: outcomes)
        for m in RankingMethod.allCases {
            let expected = outcomes.map { Double($0.item.isRight($0.pick(m)) ? 1 : 0) }.reduce(0, +) / 2
            #expect(result.metrics[m].value == expected)  // no ties with these scores
        }
        #expect(result.metrics[.generative].value == 1)  // G picks "4" and "Paris"
        let stats = result.metrics.exploitability
        #expect(stats.final.maximum == outcomes.map(\.solution.exploitability).max())
        #expect(stats.initial.maximum == outcomes.map(\.solution.initialExploitability).max())
        #expect(ExploitabilityChart(results: [result]).series().first?.iterations == [0, 50, 100, 150, 200])
        let records = try SampleRecord.decodeLines(try SampleRecord.jsonLines([result]), source: "samples.jsonl")
        #expect(records.map { $0.outcome.solution.lastIterate } == outcomes.map(\.solution.lastIterate))
    }
}
