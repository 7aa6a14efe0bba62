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

    /// Each request of the group is located at the candidate it scores (the server's `param`).
    @Test func eachRequestIsLocatedAtItsCandidate() throws {
        let group = try Self.ranker().group(for: Self.question)
        let requests = group.allContinuationRequests
        let n = Self.question.candidates.count
        for (index, request) in requests.enumerated() {
            let k = try #require(EquilibriumRanker.candidate(ofRequest: index, candidates: n))
            let candidate = Self.question.candidates[k]
            // A generator request continues with the candidate; a label request shows it in the prompt.
            #expect(request.continuation == " " + candidate || request.prompt.contains("Answer: \(candidate)\n"), "request \(index)")
        }
        #expect(EquilibriumRanker.candidate(ofRequest: requests.count, candidates: n) == nil)
        #expect(EquilibriumRanker.candidate(ofRequest: -1, candidates: n) == nil)
    }

    @Test func badQuestionsAreRefusedWithTheReasonBeforeAnyScoring() async throws {
        let engine = FixtureEngine()
        let ranker = Self.ranker(engine)
        let one = RankingQuestion(question: "Q?", candidates: ["only"])
        let few = await #expect(throws: RankingInputError.self) { try await ranker.rank(one) }
        #expect(few?.kind == .tooFewCandidates && few?.field == "candidates" && few?.value == "1")
        #expect(few?.description == "ranking needs at least two candidates (got 1)")
        let empty = RankingQuestion(question: "  ", candidates: ["a", "b"])
        let question = await #expect(throws: RankingInputError.self) { try await ranker.rank(empty) }
        #expect(question == .emptyQuestion("  ") && question?.field == "question")
        #expect(question?.description == "the question is empty")
        // The field counts candidates from 0, as the JSON does; the sentence from 1, as people do.
        let blank = RankingQuestion(question: "Q?", candidates: ["a", " ", ""])
        let candidate = await #expect(throws: RankingInputError.self) { try await ranker.rank(blank) }
        #expect(candidate?.kind == .emptyCandidate && candidate?.field == "candidates.1" && candidate?.value == " ")
        #expect(candidate?.description == "candidate 2 is empty")
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
