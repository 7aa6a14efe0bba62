import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Foundation
import Logging

/// What every task does once its items have candidates, given choices or sampled chains: score
/// each item's 3n requests through the cache under the task's template (one group per item; in
/// the model's chat template when the plan asks for it),
/// build each item's game, and solve the games under every solver setting of the plan. It also
/// keeps the run's account (templates, data files, tokens) for its ``EvaluationConfiguration``.
struct TaskRanking {
    let engine: any ScoringEngine
    let cache: ScoreCache
    /// Groups scored at once.
    let concurrency: Int
    let logger: Logger
    let plan: EvaluationPlan
    let started = Date()
    private var templates: [String: EvaluationConfiguration.TemplateIdentity] = [:]
    /// The model's chat format, resolved on the first task when the plan asks for one.
    private var chat: ChatFormat?
    private var dataFiles: [String: EvaluationConfiguration.FileIdentity] = [:]
    private var tokensEvaluated = 0
    private var tokensSent = 0

    init(engine: any ScoringEngine, cache: ScoreCache, concurrency: Int, logger: Logger, plan: EvaluationPlan) {
        self.engine = engine
        self.cache = cache
        self.concurrency = concurrency
        self.logger = logger
        self.plan = plan
    }

    /// Ranks `items` (their choices are the candidates) of `data`'s task: one result per solver
    /// setting, in the plan's order. `chains` gives math items their chains' answers,
    /// `generated` gives TruthfulQA generation items their answers' comparisons.
    /// `source` gives the file's schema (for `results.json`) and each item's line (for an
    /// ``ItemError`` when the engine refuses one of its requests).
    mutating func rank(
        _ items: [BenchmarkItem], of data: EvaluationPlan.TaskData, source: (schema: DataSchema, lines: [String: Int]),
        chains: [ChainAnswers]? = nil,
        generated: [GeneratedAnswers]? = nil,
        progress: @escaping @Sendable (CachedScorer.Progress) -> Void
    ) async throws -> [TaskResult] {
        var options = RankingOptions()
        options.template = try plan.template ?? data.task.template()
        options.candidateScore = plan.candidateScore
        if let formatting = plan.chat, chat == nil { chat = try formatting.format(with: engine, option: "--apply-chat-template") }
        options.chat = chat
        let ranker = EquilibriumRanker(engine: engine, options: options, logger: logger)
        let questions = items.map(\.rankingQuestion)
        let key = ScoreCache.Key(
            engine: engine.model.engine, modelHash: engine.model.fileHash, templateHash: options.template.hash(formattedWith: chat))
        let scored: CachedScorer.Result
        do {
            scored = try await CachedScorer(engine: engine, cache: cache, concurrency: concurrency, logger: logger).score(
                questions.map(ranker.group(for:)), key: key, progress: progress)
        } catch let error as CachedScorer.GroupError {
            let item = items[error.group]
            throw ItemError(file: data.path, line: source.lines[item.id], id: item.id, error: error.error)
        }
        tokensEvaluated += scored.tokensEvaluated
        tokensSent += scored.tokensSent
        let problems = try zip(questions, scored.scores).map { try ranker.problem(from: $1, for: $0) }
        templates[data.task.rawValue] = .init(name: options.template.identity, hash: options.template.hash)
        dataFiles[data.task.rawValue] = .init(name: data.path, sha256: try FileHash.sha256(ofFileAt: data.path), schema: source.schema)
        return try plan.solvers.enumerated().map { index, solver in
            let solutions = EquilibriumSolver(settings: solver).solve(batch: problems)
            let outcomes = items.indices.map { i in
                ItemOutcome(
                    item: items[i], problem: problems[i], solution: solutions[i],
                    generatorLogProbabilities: scored.scores[i].continuations.prefix(items[i].choices.count).map(\.logProbability),
                    chains: chains?[i], generated: generated?[i])
            }
            return try TaskResult(task: data.task, solver: solver, solverIndex: index, outcomes: outcomes)
        }
    }

    /// Counts tokens evaluated outside ``rank(_:of:chains:progress:)`` (sampling chains).
    mutating func count(tokensEvaluated tokens: Int) {
        tokensEvaluated += tokens
    }

    /// The configuration of the run so far, ending now.
    func configuration(generation: [String: String]? = nil) -> EvaluationConfiguration {
        EvaluationConfiguration(
            plan: plan, engine: engine.model, templates: templates, formatting: PromptFormatting(chat), dataFiles: dataFiles, started: started,
            tokensEvaluated: tokensEvaluated, tokensSent: tokensSent, generation: generation)
    }
}
