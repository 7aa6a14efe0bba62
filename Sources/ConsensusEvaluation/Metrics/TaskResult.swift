public import ConsensusGame

/// One task evaluated under one solver setting: the per-item outcomes and their metrics. The
/// reports take a list of these (several settings of one task make a sweep).
public struct TaskResult: Sendable {
    /// The task.
    public var task: BenchmarkTask
    /// Which of the configuration's solver settings produced the outcomes (0-based).
    public var solverIndex: Int
    /// The solver setting.
    public var solver: SolverSettings
    /// One outcome per selected item, in item order.
    public var outcomes: [ItemOutcome]
    /// The metrics of ``outcomes``.
    public private(set) var metrics: TaskMetrics

    /// Checks the outcomes and computes their metrics.
    /// - Throws: ``BenchmarkError`` when there are no outcomes, two share an item id, or an
    ///   outcome's scores do not fit its item (see ``ItemOutcome/validate(format:)``).
    public init(task: BenchmarkTask, solver: SolverSettings, solverIndex: Int = 0, outcomes: [ItemOutcome]) throws {
        guard !outcomes.isEmpty else {
            throw BenchmarkError(reason: "\(task.rawValue): no items were evaluated, so there is nothing to report")
        }
        var seen: Set<String> = []
        for outcome in outcomes {
            try outcome.validate(format: task.answerFormat)
            guard seen.insert(outcome.item.id).inserted else {
                throw BenchmarkError(field: "item.id", reason: "is \"\(outcome.item.id)\" in two outcomes of \(task.rawValue)")
            }
        }
        self.task = task
        self.solver = solver
        self.solverIndex = solverIndex
        self.outcomes = outcomes
        self.metrics = TaskMetrics(metric: task.metric, outcomes: outcomes)
    }

    /// The label of this result in reports: the task's name, with `#k` (the solver index) when
    /// a sweep has several settings.
    public func label(sweep: Bool) -> String {
        sweep ? "\(task.rawValue)#\(solverIndex)" : task.rawValue
    }
}
