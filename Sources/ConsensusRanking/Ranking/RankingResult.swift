public import ConsensusGame
import Foundation

/// Everything a ranking found: the language model's scores, the game's policies, each method's
/// scores and pick, and what it cost.
public struct RankingResult: Sendable, Codable {
    /// What one question cost.
    public struct Cost: Sendable, Hashable, Codable {
        /// Tokens the engine evaluated for the question's 3n requests.
        public var tokensEvaluated: Int
        /// The prefix-trie minimum for those requests (each shared prefix once).
        public var trieMinimumTokens: Int
        /// Tokens if every request were scored on its own.
        public var tokensWithoutSharing: Int
        public var scoringMilliseconds: Double
        public var solvingMilliseconds: Double

        public init(tokensEvaluated: Int, trieMinimumTokens: Int, tokensWithoutSharing: Int, scoringMilliseconds: Double, solvingMilliseconds: Double) {
            self.tokensEvaluated = tokensEvaluated
            self.trieMinimumTokens = trieMinimumTokens
            self.tokensWithoutSharing = tokensWithoutSharing
            self.scoringMilliseconds = scoringMilliseconds
            self.solvingMilliseconds = solvingMilliseconds
        }
    }

    public var question: RankingQuestion
    /// `name@vN#hash` of the template used.
    public var template: String
    public var templateHash: String
    /// Plain prompts, or the chat template they were wrapped in.
    public var formatting: PromptFormatting
    public var candidateScore: CandidateScore
    /// The game's input: generator and discriminator log-probabilities per candidate.
    public var problem: ConsensusProblem
    /// The equilibrium search: initial and final policies, method scores, exploitability.
    public var solution: Solution
    public var solver: SolverSettings
    public var cost: Cost
    /// How different the generator's two prompts make the candidates look
    /// (``ConsensusProblem/generatorDivergence``).
    public var generatorDivergence: Double
    /// The candidate to answer with: ER-D's pick, or G's when the game is degenerate and the
    /// options say to fall back (``DegenerateGame``).
    public var recommended: Int
    /// What the user should know, in sentences (a degenerate game); empty when nothing.
    public var warnings: [String]

    /// Creates a result from its parts; the divergence, recommendation and warnings follow from
    /// `problem`, `solution` and `options`.
    public init(
        question: RankingQuestion, template: String, templateHash: String, candidateScore: CandidateScore,
        problem: ConsensusProblem, solution: Solution, solver: SolverSettings, cost: Cost, options: RankingOptions = .init(),
        formatting: PromptFormatting = .plain
    ) {
        self.question = question
        self.template = template
        self.templateHash = templateHash
        self.formatting = formatting
        self.candidateScore = candidateScore
        self.problem = problem
        self.solution = solution
        self.solver = solver
        self.cost = cost
        generatorDivergence = problem.generatorDivergence
        recommended = solution.scores.pick(.equilibriumDiscriminator)
        warnings = []
        if generatorDivergence < options.degenerateDivergence {
            let g = solution.scores.pick(.generative)
            var warning = String(
                format: "the game is degenerate: the generator ranks the candidates alike when asked for a correct and for an incorrect answer (divergence %.2g < %.2g), so ER may overturn G on noise",
                generatorDivergence, options.degenerateDivergence)
            if options.onDegenerate == .fallBackToG {
                recommended = g
                warning += "; recommending G's pick"
            } else if g != recommended {
                warning += "; G picks candidate \(g + 1)"
            }
            warnings.append(warning)
        }
    }

    /// Each method's chosen candidate (index).
    public func pick(_ method: RankingMethod) -> Int { solution.scores.pick(method) }

    /// The equilibrium discriminator's probability that each candidate is correct: π*(correct | y)
    /// of the iterate ``SolverSettings/equilibriumIterate`` names (``Solution/equilibrium``), so
    /// that it is ER-D's score of each candidate.
    public var probabilityCorrect: [Double] { solution.equilibrium.discriminator.correct }
}
