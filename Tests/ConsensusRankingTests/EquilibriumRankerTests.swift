import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import ConsensusTesting
import Foundation
import Logging
import Testing

/// The ranker's own work, on the fixture engine (no model): the prompts of the 3n requests, the
/// questions it refuses, and ties between duplicates. The same ranker on the small model is in
/// ConsensusEvaluationTests (`ModelRankingTests`).
@Suite("EquilibriumRanker")
struct EquilibriumRankerTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let question = RankingQuestion(
        question: "Which planet is known as the Red Planet?",
        candidates: ["Mars", "Venus", "Jupiter, the largest planet", "Saturn"])

    static func ranker(_ engine: FixtureEngine = FixtureEngine()) -> EquilibriumRanker {
        EquilibriumRanker(engine: engine, logger: logger)
    }

    @Test func theGroupHasTheQuestionsThreeNRequests() {
        let group = Self.ranker().group(for: Self.question)
        #expect(group.continuations.count == 8)
        #expect(group.labels.count == 4)
        #expect(group.continuations[0].prompt == "Question: Which planet is known as the Red Planet?\nAnswer:")
        #expect(group.continuations[4].prompt.hasSuffix("\nIncorrect answer:"))
        #expect(group.continuations[2].continuation == " Jupiter, the largest planet")
        #expect(group.labels[1].labels == [" Yes", " No"])
        #expect(group.labels[1].prompt.contains("Answer: Venus\n"))
    }

    @Test func badQuestionsAreRefusedWithTheReasonBeforeAnyScoring() async throws {
        let engine = FixtureEngine()
        let ranker = Self.ranker(engine)
        let one = RankingQuestion(question: "Q?", candidates: ["only"])
        await #expect(throws: RankingInputError("ranking needs at least two candidates (got 1)")) { try await ranker.rank(one) }
        let empty = RankingQuestion(question: "  ", candidates: ["a", "b"])
        await #expect(throws: RankingInputError("the question is empty")) { try await ranker.rank(empty) }
        let blank = RankingQuestion(question: "Q?", candidates: ["a", ""])
        await #expect(throws: RankingInputError("candidate 2 is empty")) { try await ranker.rank(blank) }
        #expect(engine.record.calls == 0)
    }

    /// The ranker scores duplicates separately (the engine sees all 3n requests); equal scores
    /// tie exactly, and the earlier candidate wins the tie.
    @Test func duplicateCandidatesTieTowardsTheEarlierOne() async throws {
        let q = RankingQuestion(question: "What colour is the sky on a clear day?", candidates: ["Blue", "Green", "Blue"])
        #expect(q.duplicateIndices == [2])
        let engine = FixtureEngine()
        let r = try await Self.ranker(engine).rank(q)
        #expect(engine.record.groupSizes == [[12]])  // one group: 2n continuations, n prompts of 2 labels
        for m in RankingMethod.allCases {
            #expect(r.solution.scores[m][0] == r.solution.scores[m][2])
            #expect(r.pick(m) != 2)
        }
    }

    /// The scores the engine gives land in the problem: G's column is the generator's
    /// log-probabilities under the correct prompt, D's the discriminator's " Yes".
    @Test func theEnginesScoresAreTheProblem() async throws {
        let engine = FixtureEngine(scores: FixtureEngine.preferring("Mars"))
        let r = try await Self.ranker(engine).rank(Self.question)
        #expect(r.problem.generator.correct == Self.question.candidates.map { -0.2 * Double($0.count + 1) })
        #expect(r.problem.discriminator.correct == [-0.1, -2.5, -2.5, -2.5])
        #expect(r.solution.scores[.generative] == r.problem.generator.correct)
        #expect(r.pick(.generative) == 0)  // "Mars" is the shortest
        #expect(r.pick(.discriminative) == 0)
    }
}
