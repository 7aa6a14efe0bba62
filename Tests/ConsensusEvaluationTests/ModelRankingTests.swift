import ConsensusGame
import ConsensusLlama
import ConsensusRanking
import ConsensusScoring
import Testing

/// Ranking on the small model (SmolLM2-135M; `bash scripts/setup.sh --test-model` installs it):
/// the scores are a model's, so the game and the prefix sharing are those of a real ranking. The
/// ranker's own work without a model is in ConsensusRankingTests.
@Suite("EquilibriumRanker on the small model", .serialized)
struct ModelRankingTests {
    static let question = RankingQuestion(
        question: "Which planet is known as the Red Planet?",
        candidates: ["Mars", "Venus", "Jupiter, the largest planet", "Saturn"])

    static func ranker() throws -> EquilibriumRanker {
        EquilibriumRanker(engine: try SmallModel.engine(), logger: SmallModel.logger)
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
@Suite("EquilibriumRanker, chat formatting on the small model", .serialized)
struct ChatRankingTests {
    /// The markup comes first, so the 3n sequences still share it and the question: the trie
    /// evaluates that prefix once.
    @Test func chatPromptsStillShareTheirPrefix() async throws {
        let engine = try SmallModel.engine()
        var options = RankingOptions()
        options.chat = try ChatFormatting(systemInstruction: "Answer truthfully.").format(with: engine, option: "--apply-chat-template")
        let ranker = EquilibriumRanker(engine: engine, options: options, logger: SmallModel.logger)
        let q = ModelRankingTests.question
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
