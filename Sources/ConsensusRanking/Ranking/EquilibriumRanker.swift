public import ConsensusGame
public import ConsensusScoring
public import Logging

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
    ///
    /// With ``RankingOptions/chat`` each prompt is the user turn of the model's chat template and
    /// the assistant turn is opened; the candidate or label, its leading whitespace dropped
    /// (nothing precedes it in the assistant's reply), is what the assistant says.
    public func group(for q: RankingQuestion) -> ScoringGroup {
        let t = options.template
        var continuations: [ContinuationRequest] = []
        for correct in [true, false] {
            let prompt = t.generatorPrompt(correct, question: q.question, context: q.context)
            continuations += q.candidates.map {
                guard let chat = options.chat else { return ContinuationRequest(prompt: prompt, continuation: t.continuation($0)) }
                return ContinuationRequest(parts: chat.parts(user: prompt), continuation: Self.reply(t.continuation($0)))
            }
        }
        let labels = q.candidates.map {
            let prompt = t.discriminatorPrompt(question: q.question, context: q.context, candidate: $0)
            guard let chat = options.chat else { return LabelRequest(prompt: prompt, labels: [t.labels.correct, t.labels.incorrect]) }
            return LabelRequest(parts: chat.parts(user: prompt), labels: [Self.reply(t.labels.correct), Self.reply(t.labels.incorrect)])
        }
        return ScoringGroup(continuations: continuations, labels: labels)
    }

    /// The candidate (0-based) that request `index` of ``group(for:)``'s
    /// ``ScoringGroup/allContinuationRequests`` scores, for a question of `candidates`
    /// candidates: requests `0 ..< 2n` are the candidates under the generator's two prompts, then
    /// each candidate's discriminator prompt with its two labels. nil for an index outside the group.
    public static func candidate(ofRequest index: Int, candidates n: Int) -> Int? {
        switch index {
        case 0..<(2 * n): index % n
        case (2 * n)..<(4 * n): (index - 2 * n) / 2
        default: nil
        }
    }

    /// A continuation as the assistant's reply: without the leading whitespace that separates it
    /// from a plain prompt (as lm-evaluation-harness drops its target delimiter under a chat
    /// template).
    static func reply(_ continuation: String) -> String {
        String(continuation.drop(while: \.isWhitespace))
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
            cost: cost, options: options, formatting: PromptFormatting(options.chat))
    }
}
