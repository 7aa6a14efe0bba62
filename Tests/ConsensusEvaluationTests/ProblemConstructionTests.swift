import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import ConsensusTesting
import Logging
import Testing

@Suite("Problem construction")
struct ProblemConstructionTests {
    static let q = RankingQuestion(question: "Q?", candidates: ["yes it is", "no"])

    /// An engine that answers from a table of (prompt, continuation): for everything above the engine.
    static func engine() -> FixtureEngine {
        var table: [ContinuationRequest: Double] = [:]
        let t = TemplateLibrary.builtIn[0]
        for (i, c) in q.candidates.enumerated() {
            table[.init(prompt: t.generatorPrompt(true, question: "Q?", context: nil), continuation: " " + c)] = -1.0 - Double(i)
            table[.init(prompt: t.generatorPrompt(false, question: "Q?", context: nil), continuation: " " + c)] = -5.0 + Double(i)
            let d = t.discriminatorPrompt(question: "Q?", context: nil, candidate: c)
            table[.init(prompt: d, continuation: " Yes")] = -0.5 * Double(i + 1)
            table[.init(prompt: d, continuation: " No")] = -2.0
        }
        return FixtureEngine(scores: FixtureEngine.table(table))
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
