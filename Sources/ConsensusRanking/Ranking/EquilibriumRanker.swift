import ConsensusGame
import ConsensusScoring
import Foundation
import Logging

/// Equilibrium-Ranking of one question's candidates with a language model: score the 3n
/// requests in one group (the engine shares their prefixes), build the game, solve it, rank.
public struct EquilibriumRanker: Sendable {
    public let engine: any ScoringEngine
    public let options: RankingOptions
    private let logger: Logger

    public init(engine: any ScoringEngine, options: RankingOptions = .init(), logger: Logger) {
        self.engine = engine
        self.options = options
        self.logger = logger
    }

    /// The question's requests: n under the generator's "correct" prompt, n under its
    /// "incorrect" prompt (as continuations), and n discriminator prompts with the two labels.
    public func group(for q: RankingQuestion) -> ScoringGroup {
        let t = options.template
        var continuations: [ContinuationRequest] = []
        for correct in [true, false] {
            let prompt = t.generatorPrompt(correct, question: q.question, context: q.context)
            continuations += q.candidates.map { ContinuationRequest(prompt: prompt, continuation: t.continuation($0)) }
        }
        let labels = q.candidates.map {
            LabelRequest(
                prompt: t.discriminatorPrompt(question: q.question, context: q.context, candidate: $0),
                labels: [t.labels.correct, t.labels.incorrect])
        }
        return ScoringGroup(continuations: continuations, labels: labels)
    }

    /// The game's input from the group's scores (spec section 3): generator scores per
    /// candidate (``CandidateScore``), and the two labels' log-probabilities from the full
    /// vocabulary distribution, not renormalised.
    public func problem(from scores: GroupScores, for q: RankingQuestion) throws -> ConsensusProblem {
        let n = q.candidates.count
        precondition(scores.continuations.count == 2 * n && scores.labels.count == n, "scores of another question")
        let generator = ByCorrectness<[Double]> { v in
            let offset = v == .correct ? 0 : n
            return (0..<n).map {
                options.candidateScore.apply(scores.continuations[offset + $0].logProbability, candidate: q.candidates[$0])
            }
        }
        let discriminator = ByCorrectness<[Double]> { v in
            scores.labels.map { $0[v == .correct ? 0 : 1].logProbability }
        }
        return try ConsensusProblem(generator: generator, discriminator: discriminator)
    }

    /// Ranks the candidates of `q` by all six methods.
    /// - Throws: ``RankingInputError`` for a bad question; the engine's errors.
    public func rank(_ q: RankingQuestion) async throws -> RankingResult {
        try q.validate()
        let scores = try await engine.score(group(for: q))
        return try solve(q, scores: scores)
    }

    /// The ranking from already computed scores (from a cache, say).
    public func solve(_ q: RankingQuestion, scores: GroupScores) throws -> RankingResult {
        let problem = try problem(from: scores, for: q)
        let started = ContinuousClock.now
        let solution = EquilibriumSolver(settings: options.solver).solve(problem)
        let solving = started.duration(to: .now)
        let cost = RankingResult.Cost(
            tokensEvaluated: scores.cost.tokensEvaluated, trieMinimumTokens: scores.cost.trieMinimumTokens,
            tokensWithoutSharing: scores.cost.tokensWithoutSharing, scoringMilliseconds: scores.cost.milliseconds,
            solvingMilliseconds: solving.milliseconds)
        logger.debug(
            "ranked question",
            metadata: ["candidates": "\(q.candidates.count)", "tokens": "\(cost.tokensEvaluated)", "exploitability": "\(solution.exploitability)"])
        return RankingResult(
            question: q, template: options.template.identity, templateHash: options.template.hash,
            candidateScore: options.candidateScore, problem: problem, solution: solution, solver: options.solver,
            cost: cost, options: options)
    }
}
