import ConsensusRanking
public import ConsensusScoring
public import Logging

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
    /// scoring. A file may be in our schema or in its task's Hugging Face schema (``DataSchema``).
    public func load(_ plan: EvaluationPlan) throws -> [(EvaluationPlan.TaskData, [BenchmarkItem])] {
        try loadTasks(plan).map { ($0.data, $0.items) }
    }

    func loadTasks(_ plan: EvaluationPlan) throws -> [LoadedTask<[BenchmarkItem]>] {
        try plan.tasks.map { data in
            try LoadedTask(data, file: try data.task.loader.read(path: data.path), id: \.id, select: plan.selection.apply(to:))
        }
    }

    /// Evaluates the plan; results come per task and solver setting (task-major).
    public func run(
        _ plan: EvaluationPlan, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> (results: [TaskResult], configuration: EvaluationConfiguration) {
        var ranking = TaskRanking(engine: engine, cache: cache, concurrency: concurrency, logger: logger, plan: plan)
        let loaded = try loadTasks(plan)
        var results: [TaskResult] = []
        for task in loaded {
            for item in task.items {
                do { try item.rankingQuestion.validate() } catch let error as RankingInputError {
                    throw BenchmarkError(file: task.data.path, line: task.lines[item.id], field: "id \(item.id)", reason: error.description)
                }
            }
            let name = task.data.task
            results += try await ranking.rank(task.items, of: task.data, source: (task.schema, task.lines)) { progress(Progress(task: name, scoring: $0)) }
        }
        let configuration = ranking.configuration()
        return (results, configuration)
    }
}

/// The package's version, written into every results file.
public enum ConsensusVersion {
    public static let current = "0.1.0"
}
