import ConsensusGame
import ConsensusRanking
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
    /// Items scored at once (useful with an ``EnginePool`` or a remote engine).
    public let concurrency: Int
    private let logger: Logger

    public init(engine: any ScoringEngine, cache: ScoreCache, concurrency: Int = 1, logger: Logger) {
        self.engine = engine
        self.cache = cache
        self.concurrency = concurrency
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
        var ranking = TaskRanking(engine: engine, cache: cache, concurrency: concurrency, logger: logger, plan: plan)
        let loaded = try load(plan)
        var results: [TaskResult] = []
        for (data, items) in loaded {
            for item in items {
                do { try item.rankingQuestion.validate() } catch let error as RankingInputError {
                    throw BenchmarkError(file: data.path, field: "id \(item.id)", reason: error.message)
                }
            }
            let task = data.task
            results += try await ranking.rank(items, of: data) { progress(Progress(task: task, scoring: $0)) }
        }
        let configuration = ranking.configuration()
        return (results, configuration)
    }
}

/// The package's version, written into every results file.
public enum ConsensusVersion {
    public static let current = "0.1.0"
}
