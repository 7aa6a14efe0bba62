public import ConsensusGame
public import ConsensusRanking

/// What a benchmark evaluation runs: tasks and their data, which items, which solver settings.
public struct EvaluationPlan: Sendable {
    /// A task and the JSON Lines file it reads.
    public struct TaskData: Sendable, Hashable {
        public var task: BenchmarkTask
        public var path: String
        public init(task: BenchmarkTask, path: String) {
            self.task = task
            self.path = path
        }
    }

    public var tasks: [TaskData]
    public var selection: Selection = .all
    /// One or more solver settings; several make a sweep, solved from the same scores.
    public var solvers: [SolverSettings] = [.default]
    public var candidateScore: CandidateScore = .sum
    /// A template for every task instead of each task's own.
    public var template: PromptTemplate?
    /// Every prompt wrapped in the model's chat template (`--apply-chat-template`); nil for plain
    /// prompts.
    public var chat: ChatFormatting?

    public init(tasks: [TaskData]) { self.tasks = tasks }
}
