import ConsensusEvaluation
import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Logging
import Testing

/// An engine that answers from a table: the continuation's log-probability is looked up by
/// (prompt, continuation). For tests of everything above the engine.
struct TableEngine: ScoringEngine {
    let model = ModelDescription(
        name: "table", engine: "test", architecture: "none", location: "memory", vocabularySize: 0,
        trainedContextLength: 0, contextLength: 0, fileHash: String(repeating: "0", count: 64))
    var table: [ContinuationRequest: Double]

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        func one(_ r: ContinuationRequest) throws -> ContinuationScore {
            guard let lp = table[r] else { throw ScoringError(.invalidRequest, "no entry for \(r)") }
            return ContinuationScore(logProbability: lp, tokenLogProbabilities: [lp], promptTokenCount: 1, continuationTokenCount: 1, isGreedy: false)
        }
        return GroupScores(
            continuations: try group.continuations.map(one),
            labels: try group.labels.map { try $0.continuationRequests.map(one) },
            cost: ScoringCost())
    }
}

@Suite("Problem construction")
struct ProblemConstructionTests {
    static let q = RankingQuestion(question: "Q?", candidates: ["yes it is", "no"])

    static func engine() -> TableEngine {
        var table: [ContinuationRequest: Double] = [:]
        let t = TemplateLibrary.builtIn[0]
        for (i, c) in q.candidates.enumerated() {
            table[.init(prompt: t.generatorPrompt(true, question: "Q?", context: nil), continuation: " " + c)] = -1.0 - Double(i)
            table[.init(prompt: t.generatorPrompt(false, question: "Q?", context: nil), continuation: " " + c)] = -5.0 + Double(i)
            let d = t.discriminatorPrompt(question: "Q?", context: nil, candidate: c)
            table[.init(prompt: d, continuation: " Yes")] = -0.5 * Double(i + 1)
            table[.init(prompt: d, continuation: " No")] = -2.0
        }
        return TableEngine(table: table)
    }

    @Test func scoresLandInTheRightPlaces() async throws {
        let ranker = EquilibriumRanker(engine: Self.engine(), logger: Logger(label: "t"))
        let r = try await ranker.rank(Self.q)
        #expect(r.problem.generator.correct == [-1, -2])
        #expect(r.problem.generator.incorrect == [-5, -4])
        #expect(r.problem.discriminator.correct == [-0.5, -1.0])
        #expect(r.problem.discriminator.incorrect == [-2, -2])
        #expect(r.pick(.generative) == 0)
    }

    @Test func perCharacterAndPerByteScores() async throws {
        var options = RankingOptions()
        options.candidateScore = .perCharacter
        let r = try await EquilibriumRanker(engine: Self.engine(), options: options, logger: Logger(label: "t")).rank(Self.q)
        #expect(r.problem.generator.correct == [-1.0 / 9, -2.0 / 2])
        #expect(CandidateScore.perByte.apply(-6, candidate: "é") == -3)  // two UTF-8 bytes
        #expect(CandidateScore.perCharacter.apply(-6, candidate: "é") == -6)
    }
}
