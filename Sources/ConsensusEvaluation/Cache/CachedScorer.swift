import ConsensusScoring
import Foundation
import Logging

/// Scores many groups through a ``ScoreCache``: requests already cached are read, the rest are
/// scored by the engine (each item's missing requests as one group, so their prefixes are
/// shared; several groups per call, see ``ScoringEngine/groupsPerCall``) and written to the
/// cache by a separate task, so the engine never waits for the disk.
public struct CachedScorer: Sendable {
    /// How far a run has got.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        /// Groups found whole in the cache.
        public var cached: Int
        public var tokensEvaluated: Int
        /// Tokens sent to a remote engine's server (0 in-process).
        public var tokensSent: Int = 0
    }

    public let engine: any ScoringEngine
    public let cache: ScoreCache
    /// Groups scored at once (useful with an ``EnginePool`` or a remote engine).
    public let concurrency: Int
    private let logger: Logger

    public init(engine: any ScoringEngine, cache: ScoreCache, concurrency: Int = 1, logger: Logger) {
        self.engine = engine
        self.cache = cache
        self.concurrency = concurrency
        self.logger = logger
    }

    /// The scores of every group, in order, and what scoring them cost.
    public struct Result: Sendable {
        public var scores: [GroupScores]
        /// Tokens the engine evaluated in this call (0 when everything was cached).
        public var tokensEvaluated: Int
        /// Tokens sent to a remote engine's server in this call (0 in-process).
        public var tokensSent: Int
        /// Groups found whole in the cache.
        public var cachedGroups: Int
    }

    /// Scores every group.
    /// - Parameters:
    ///   - groups: one group per item.
    ///   - key: the cache key; its engine and model hash must describe `engine`.
    ///   - progress: called after each group (from the writer task).
    public func score(
        _ groups: [ScoringGroup], key: ScoreCache.Key, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Result {
        // 1. Everything the cache already has, looked up before the engine starts.
        var known: [[ContinuationRequest: ContinuationScore]] = []
        for group in groups { known.append(try cache.lookup(group.allContinuationRequests, key: key)) }
        let missing = groups.indices.filter { known[$0].count < Set(groups[$0].allContinuationRequests).count }
        var state = Progress(done: groups.count - missing.count, total: groups.count, cached: groups.count - missing.count, tokensEvaluated: 0)
        progress(state)
        logger.info("score cache", metadata: ["groups": "\(groups.count)", "cached": "\(state.cached)", "to score": "\(missing.count)"])

        // 2. The engine scores the missing requests; 3. a writer task stores them.
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: (Int, [(ContinuationRequest, ContinuationScore)], ScoringCost).self)
        let engine = self.engine
        let cachedBefore = known
        // Groups go to the engine `groupsPerCall` at a time (the in-process engine packs them
        // into shared decodes), `concurrency` calls at once.
        let perCall = max(1, engine.groupsPerCall)
        let calls = stride(from: 0, to: missing.count, by: perCall).map { Array(missing[$0..<min($0 + perCall, missing.count)]) }
        let producer = Task { [concurrency] in
            do {
                try await forEachConcurrently(Array(calls.indices), width: concurrency) { call in
                    try Task.checkCancellation()
                    let needed = calls[call].map { index in
                        Self.unique(groups[index].allContinuationRequests.filter { cachedBefore[index][$0] == nil })
                    }
                    let scored = try await engine.score(groups: needed.map { ScoringGroup(continuations: $0) })
                    return (requests: needed, scores: scored)
                } receive: { call, result in
                    for (k, index) in calls[call].enumerated() {
                        let scores = result.scores[k]
                        continuation.yield((index, Array(zip(result.requests[k], scores.continuations)), scores.cost))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        defer { producer.cancel() }
        for try await (index, pairs, cost) in stream {
            try cache.store(pairs, key: key, cost: cost)
            for (request, score) in pairs { known[index][request] = score }
            state.done += 1
            state.tokensEvaluated += cost.tokensEvaluated
            state.tokensSent += cost.tokensSent
            progress(state)
        }
        return Result(
            scores: groups.indices.map { Self.assemble(groups[$0], from: known[$0]) },
            tokensEvaluated: state.tokensEvaluated, tokensSent: state.tokensSent, cachedGroups: state.cached)
    }

    private static func unique(_ requests: [ContinuationRequest]) -> [ContinuationRequest] {
        var seen = Set<ContinuationRequest>()
        return requests.filter { seen.insert($0).inserted }
    }

    private static func assemble(_ group: ScoringGroup, from scores: [ContinuationRequest: ContinuationScore]) -> GroupScores {
        GroupScores(
            continuations: group.continuations.map { scores[$0]! },
            labels: group.labels.map { $0.continuationRequests.map { scores[$0]! } },
            cost: ScoringCost())
    }
}
