import ConsensusGame

/// What a ranking uses besides the question and the engine.
public struct RankingOptions: Sendable, Hashable {
    /// The prompts; default: the built-in `qa` template.
    public var template: PromptTemplate = TemplateLibrary.builtIn[0]
    /// The equilibrium search (spec section 4).
    public var solver: SolverSettings = .default
    /// How candidate log-probabilities become generator scores.
    public var candidateScore: CandidateScore = .sum

    public init() {}
}
