import ConsensusGame
import ConsensusLlama
import ConsensusRanking
import ConsensusScoring
import Foundation
import Logging
import Testing

/// Ranking with the real default model (scripts/setup.sh installs it).
@Suite("EquilibriumRanker", .serialized)
struct EquilibriumRankerTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let question = RankingQuestion(
        question: "Which planet is known as the Red Planet?",
        candidates: ["Mars", "Venus", "Jupiter, the largest planet", "Saturn"])

    static func ranker() throws -> EquilibriumRanker {
        EquilibriumRanker(engine: try LlamaEngine(modelPath: ModelStore().path(named: "smollm2-135m")!, logger: logger), logger: logger)
    }

    @Test func theGroupHasTheQuestionsThreeNRequests() throws {
        let group = try Self.ranker().group(for: Self.question)
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

    @Test func allSixMethodsAndACheckedEquilibrium() async throws {
        let r = try await Self.ranker().rank(Self.question)
        for m in RankingMethod.allCases {
            #expect(r.solution.scores[m].count == 4)
            #expect((0..<4).contains(r.pick(m)))
        }
        // The problem holds the model's log-probabilities: G column = generator.correct.
        #expect(r.solution.scores[.generative] == r.problem.generator.correct)
        #expect(r.problem.discriminator.correct.allSatisfy { $0 < 0 })
        #expect(r.solution.exploitability >= 0 && r.solution.exploitability < r.solution.initialExploitability / 4)
        #expect(r.probabilityCorrect.allSatisfy { $0 > 0 && $0 < 1 })
        // The shared prefix is evaluated once: tokens evaluated are (near) the trie minimum.
        #expect(r.cost.tokensEvaluated >= r.cost.trieMinimumTokens)
        #expect(Double(r.cost.tokensEvaluated) <= 1.05 * Double(r.cost.trieMinimumTokens) + 4)
        #expect(r.cost.tokensEvaluated * 2 < r.cost.tokensWithoutSharing)
    }

    /// No prompt lists the other options: shuffling the candidates permutes every output.
    @Test func shufflingTheCandidatesPermutesTheOutput() async throws {
        let ranker = try Self.ranker()
        let a = try await ranker.rank(Self.question)
        let order = [2, 0, 3, 1]
        var shuffled = Self.question
        shuffled.candidates = order.map { Self.question.candidates[$0] }
        let b = try await ranker.rank(shuffled)
        for m in RankingMethod.allCases {
            for (j, i) in order.enumerated() {
                #expect(abs(a.solution.scores[m][i] - b.solution.scores[m][j]) < 1e-6, "\(m.rawValue) candidate \(i)")
            }
            #expect(order[b.pick(m)] == a.pick(m), "\(m.rawValue) pick")
        }
        #expect(abs(a.solution.exploitability - b.solution.exploitability) < 1e-9)
    }

    @Test func badQuestionsAreRefusedWithTheReason() async throws {
        let ranker = try Self.ranker()
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
    }

    /// Duplicates are scored separately, score the same, and the earlier one wins ties.
    @Test func duplicateCandidatesTieTowardsTheEarlierOne() async throws {
        let q = RankingQuestion(question: "What colour is the sky on a clear day?", candidates: ["Blue", "Green", "Blue"])
        #expect(q.duplicateIndices == [2])
        let r = try await Self.ranker().rank(q)
        for m in RankingMethod.allCases {
            #expect(abs(r.solution.scores[m][0] - r.solution.scores[m][2]) < 1e-9)
            #expect(r.pick(m) != 2)
        }
    }
}

/// Chat formatting on the small model (its GGUF carries a ChatML template).
@Suite("EquilibriumRanker, chat formatting", .serialized)
struct ChatRankingTests {
    /// The markup comes first, so the 3n sequences still share it and the question: the trie
    /// evaluates that prefix once.
    @Test func chatPromptsStillShareTheirPrefix() async throws {
        let engine = try LlamaEngine(modelPath: ModelStore().path(named: "smollm2-135m")!, logger: EquilibriumRankerTests.logger)
        var options = RankingOptions()
        options.chat = try ChatFormatting(systemInstruction: "Answer truthfully.").format(with: engine, option: "--apply-chat-template")
        let ranker = EquilibriumRanker(engine: engine, options: options, logger: EquilibriumRankerTests.logger)
        let q = EquilibriumRankerTests.question
        let group = ranker.group(for: q)
        let requests = group.allContinuationRequests
        #expect(requests.count == 16 && requests.allSatisfy(\.hasMarkup))  // 2n continuations, n prompts of 2 labels
        // Every sequence begins with the system turn, the user turn's markup and the question's line.
        let shared = try engine.tokenize(
            ContinuationRequest(parts: options.chat!.opening + [.text("Question: \(q.question)\n")], continuation: "x")).prompt
        for request in requests {
            let tokens = try engine.tokenize(request)
            #expect(Array((tokens.prompt + tokens.continuation).prefix(shared.count)) == shared)
        }
        let scores = try await engine.score(group)
        #expect(scores.cost.trieMinimumTokens <= scores.cost.tokensWithoutSharing - (requests.count - 1) * shared.count)
        #expect(scores.cost.tokensEvaluated < scores.cost.tokensWithoutSharing / 2)
        let result = try ranker.solve(q, scores: scores)
        #expect(result.formatting.kind == .chat && result.formatting.systemInstruction == "Answer truthfully.")
        #expect(result.formatting.hash == options.chat!.hash)
        #expect(RankingMethod.allCases.allSatisfy { (0..<4).contains(result.pick($0)) })
    }
}
