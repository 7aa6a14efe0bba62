import ConsensusGame
import ConsensusScoring
import Foundation
import Logging

/// Runs an ``EvaluationPlan``: loads each task's items, scores them through the cache (the
/// engine sees each item's 3n requests as one group; cached scores are never recomputed),
/// solves every item under every solver setting in one batch on all cores, and computes the
/// metrics.
public struct BenchmarkEvaluator: Sendable {
    /// Progress of one task's scoring.
    public struct Progress: Sendable {
        public var task: BenchmarkTask
        public var scoring: CachedScorer.Progress
        /// What is being done: `scoring`, or `sampling` (open-ended tasks' chains).
        public var stage = "scoring"
    }

    public let engine: any ScoringEngine
    public let cache: ScoreCache
    private let logger: Logger

    public init(engine: any ScoringEngine, cache: ScoreCache, logger: Logger) {
        self.engine = engine
        self.cache = cache
        self.logger = logger
    }

    /// Loads and selects every task's items first, so a malformed file stops the run before any
    /// scoring.
    public func load(_ plan: EvaluationPlan) throws -> [(EvaluationPlan.TaskData, [BenchmarkItem])] {
        try plan.tasks.map { data in
            let items = try data.task.loader.load(path: data.path)
            return (data, try plan.selection.apply(to: items))
        }
    }

    /// Evaluates the plan; results come per task and solver setting (task-major).
    public func run(
        _ plan: EvaluationPlan, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> (results: [TaskResult], configuration: EvaluationConfiguration) {
        let started = Date()
        let loaded = try load(plan)
        var results: [TaskResult] = []
        var templates: [String: EvaluationConfiguration.TemplateIdentity] = [:]
        var dataFiles: [String: EvaluationConfiguration.FileIdentity] = [:]
        var tokens = 0
        for (data, items) in loaded {
            var options = RankingOptions()
            options.template = try plan.template ?? data.task.template()
            options.candidateScore = plan.candidateScore
            let ranker = EquilibriumRanker(engine: engine, options: options, logger: logger)
            let questions = items.map(\.rankingQuestion)
            for (item, question) in zip(items, questions) {
                do { try question.validate() } catch let error as RankingInputError {
                    throw BenchmarkError(file: data.path, field: "id \(item.id)", reason: error.message)
                }
            }
            let key = ScoreCache.Key(
                engine: engine.model.engine, modelHash: engine.model.fileHash, templateHash: options.template.hash)
            let task = data.task
            let scored = try await CachedScorer(engine: engine, cache: cache, logger: logger).score(
                questions.map(ranker.group(for:)), key: key
            ) { progress(Progress(task: task, scoring: $0)) }
            tokens += scored.tokensEvaluated
            let scores = scored.scores
            let problems = try zip(questions, scores).map { try ranker.problem(from: $1, for: $0) }
            for (index, solver) in plan.solvers.enumerated() {
                let solutions = PiKLSolver(settings: solver).solve(batch: problems)
                let outcomes = items.indices.map { i in
                    ItemOutcome(
                        item: items[i], problem: problems[i], solution: solutions[i],
                        generatorLogProbabilities: scores[i].continuations.prefix(items[i].choices.count).map(\.logProbability))
                }
                results.append(try TaskResult(task: task, solver: solver, solverIndex: index, outcomes: outcomes))
            }
            templates[task.rawValue] = .init(name: options.template.identity, hash: options.template.hash)
            dataFiles[task.rawValue] = .init(name: data.path, sha256: try FileHash.sha256(ofFileAt: data.path))
        }
        let configuration = EvaluationConfiguration(
            plan: plan, engine: engine.model, templates: templates, dataFiles: dataFiles, started: started,
            tokensEvaluated: tokens)
        return (results, configuration)
    }
}

/// The package's version, written into every results file.
public enum ConsensusVersion {
    public static let current = "0.1.0"
}
