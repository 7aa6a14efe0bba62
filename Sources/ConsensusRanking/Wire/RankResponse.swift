public import ConsensusGame
public import ConsensusScoring

/// The answer to a ranking (`consensus rank --json`, `POST /v1/rank`), as written by
/// ``WireFormat``: the model, the question (with its context and candidates), the template and the prompts' `formatting`, the language model's scores
/// (`lm_scores`), every key of ``SolveResponse`` (settings, policies, each method's scores,
/// ranking and pick, exploitability), `probability_correct` (ER-D's π_D*(correct | y)), the
/// `cost`, the `generator_divergence`, the `recommended` candidate and any `warnings` (a
/// degenerate game).
public struct RankResponse: Sendable, Codable {
    public var model: ModelDescription
    /// The question, its context and the candidates' texts (`candidates` beside it is their number).
    public var question: RankingQuestion
    /// `name@vN#hash` of the template.
    public var template: String
    public var templateHash: String
    /// Plain prompts, or the chat template they were wrapped in (``PromptFormatting``).
    public var formatting: PromptFormatting
    public var candidateScore: CandidateScore
    /// The game's input: log P(y | x, v) and log P(v | x, y).
    public var lmScores: ConsensusProblem
    /// The game's solution (its keys are written beside these, not nested).
    public var solution: SolveResponse
    public var probabilityCorrect: [Double]
    public var cost: RankingResult.Cost
    /// ``ConsensusProblem/generatorDivergence``.
    public var generatorDivergence: Double
    /// The candidate to answer with (``RankingResult/recommended``).
    public var recommended: Int
    /// What the user should know about this ranking, in sentences; empty when nothing.
    public var warnings: [String]

    /// The answer for `result`, ranked with `model`.
    public init(_ result: RankingResult, model: ModelDescription) {
        self.model = model
        question = result.question
        template = result.template
        templateHash = result.templateHash
        formatting = result.formatting
        candidateScore = result.candidateScore
        lmScores = result.problem
        solution = SolveResponse(solution: result.solution)
        probabilityCorrect = result.probabilityCorrect
        cost = result.cost
        generatorDivergence = result.generatorDivergence
        recommended = result.recommended
        warnings = result.warnings
    }

    private enum CodingKeys: String, CodingKey {
        case model, question, template, templateHash, formatting, candidateScore, lmScores, probabilityCorrect, cost
        case generatorDivergence, recommended, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        try solution.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(question, forKey: .question)
        try c.encode(template, forKey: .template)
        try c.encode(templateHash, forKey: .templateHash)
        try c.encode(formatting, forKey: .formatting)
        try c.encode(candidateScore, forKey: .candidateScore)
        try c.encode(lmScores, forKey: .lmScores)
        try c.encode(probabilityCorrect, forKey: .probabilityCorrect)
        try c.encode(cost, forKey: .cost)
        try c.encode(generatorDivergence, forKey: .generatorDivergence)
        try c.encode(recommended, forKey: .recommended)
        try c.encode(warnings, forKey: .warnings)
    }

    public init(from decoder: any Decoder) throws {
        solution = try SolveResponse(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(ModelDescription.self, forKey: .model)
        question = try c.decode(RankingQuestion.self, forKey: .question)
        template = try c.decode(String.self, forKey: .template)
        templateHash = try c.decode(String.self, forKey: .templateHash)
        formatting = try c.decodeIfPresent(PromptFormatting.self, forKey: .formatting) ?? .plain
        candidateScore = try c.decode(CandidateScore.self, forKey: .candidateScore)
        lmScores = try c.decode(ConsensusProblem.self, forKey: .lmScores)
        probabilityCorrect = try c.decode([Double].self, forKey: .probabilityCorrect)
        cost = try c.decode(RankingResult.Cost.self, forKey: .cost)
        generatorDivergence = try c.decode(Double.self, forKey: .generatorDivergence)
        recommended = try c.decode(Int.self, forKey: .recommended)
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }
}
