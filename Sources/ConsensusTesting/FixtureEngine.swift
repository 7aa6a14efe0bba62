public import ConsensusScoring

/// A scoring engine for tests and examples, with no model: each continuation's log-probability
/// comes from a function of the request (``textHash(_:)`` by default, or a ``table(_:)``, or
/// ``preferring(_:)``), after an optional delay, and a ``FixtureRecord`` keeps what it was asked.
///
/// Every continuation counts as one token of a one-token prompt, and a group costs one model call
/// and one evaluated token per continuation. ``withChatTemplate(_:)`` gives the same engine with
/// a chat template, as the in-process engine has one; without it the engine has none, as a remote
/// engine has none.
///
/// Thread-safety: a value type; copies share their ``record``. Safe from concurrent tasks.
public struct FixtureEngine: ScoringEngine, GeneratingEngine {
    /// The log-probability of a continuation given its prompt; throwing refuses the request (the
    /// error is the engine's, as ``ScoringError/Kind/requestTooLong`` is the in-process one's).
    public typealias Scores = @Sendable (ContinuationRequest) throws -> Double

    public var model: ModelDescription
    /// How long each call waits before it answers (to fill a server's queue, or to let calls overlap).
    public var delay: Duration
    /// How many groups a caller should pass to ``score(groups:)`` at a time.
    public var groupsPerCall: Int
    /// The continuations' log-probabilities.
    public var scores: Scores
    /// What this engine (and every copy of it) was asked to do.
    public let record = FixtureRecord()

    /// - Parameters:
    ///   - name: the model's name, which is also the text it generates.
    ///   - location: where the model "is" (errors quote it).
    public init(
        name: String = "fixture", location: String = "memory", delay: Duration = .zero, groupsPerCall: Int = 1,
        scores: @escaping Scores = FixtureEngine.textHash
    ) {
        model = ModelDescription(
            name: name, engine: "fixture", architecture: "none", location: location, vocabularySize: 0,
            trainedContextLength: 0, contextLength: 0, fileHash: String(repeating: "0", count: 64))
        self.delay = delay
        self.groupsPerCall = groupsPerCall
        self.scores = scores
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        try await score(groups: [group])[0]
    }

    public func score(groups: [ScoringGroup]) async throws -> [GroupScores] {
        try await serving {
            record.scoring(groups)
            return try groups.map { group in
                let requests = group.allContinuationRequests
                let scored = try requests.map { request in
                    let value = try scores(request)
                    return ContinuationScore(
                        logProbability: value, tokenLogProbabilities: [value], promptTokenCount: 1, continuationTokenCount: 1,
                        isGreedy: false)
                }
                return GroupScores(group, scores: scored, cost: ScoringCost(tokensEvaluated: requests.count, modelCalls: 1))
            }
        }
    }

    /// `request.samples` samples (and a greedy one when asked), each the model's name.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        try await serving {
            record.generating(request)
            let text = GeneratedText(text: model.name, tokens: [], tokenLogProbabilities: [], stopReason: .endOfText)
            return GenerationResult(
                samples: Array(repeating: text, count: request.samples), greedy: request.includesGreedy ? text : nil,
                cost: ScoringCost(modelCalls: 1))
        }
    }

    /// Runs `body` as one call: counted in ``record``, after ``delay``.
    private func serving<T>(_ body: () throws -> T) async throws -> T {
        record.enter()
        defer { record.leave() }
        if delay > .zero { try await Task.sleep(for: delay) }
        return try body()
    }
}
