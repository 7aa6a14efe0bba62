public import ConsensusGame
public import ConsensusScoring

/// What a ranking uses besides the question and the engine.
public struct RankingOptions: Sendable, Hashable {
    /// The prompts; default: the built-in `qa` template.
    public var template: PromptTemplate = TemplateLibrary.builtIn[0]
    /// The model's chat template, to wrap each prompt in as the user turn (the continuation or
    /// label is then what the assistant says); nil for plain prompts, the default.
    public var chat: ChatFormat?
    /// The equilibrium search (spec section 4).
    public var solver: SolverSettings = .default
    /// How candidate log-probabilities become generator scores.
    public var candidateScore: CandidateScore = .sum
    /// Below this generator divergence (``ConsensusProblem/generatorDivergence``) the game is
    /// degenerate: the model ranks the candidates alike whether asked for a correct or an
    /// incorrect answer, and ER may overturn G on noise. The default comes from the model ladder
    /// (docs/models.md).
    public var degenerateDivergence: Double = RankingOptions.defaultDegenerateDivergence
    /// What a degenerate game changes: by default a warning only; ``DegenerateGame/fallBackToG``
    /// makes G's pick the recommended one.
    public var onDegenerate: DegenerateGame = .warn

    /// The default ``degenerateDivergence``.
    public static let defaultDegenerateDivergence = 0.001

    public init() {}
}

/// What a ranking does when its game is degenerate (``RankingOptions/degenerateDivergence``).
public enum DegenerateGame: String, Sendable, Hashable, Codable, CaseIterable {
    /// Say so (a warning with the measured divergence); recommend ER-D's pick as always.
    case warn
    /// Say so, and recommend G's pick instead of ER-D's. The six methods' scores are unchanged.
    case fallBackToG = "fall-back-to-g"
}
