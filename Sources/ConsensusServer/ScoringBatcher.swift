import ConsensusScoring
import Prometheus

/// Collects the token sequences of concurrent requests into one engine call: the first request
/// waits a short window, then every request queued by then (up to a bound) is scored together,
/// and requests that arrive while the engine works form the next batch. Scores do not depend on
/// the batch, so batching changes only the speed. Identical sequences are answered from a
/// bounded cache.
actor ScoringBatcher {
    /// What one caller gets back.
    struct Result: Sendable {
        var predictions: [[TokenPrediction]]
        /// The caller's share of the engine call that scored its sequences: the call's tokens and
        /// time split among the requests of the batch in proportion to the tokens of the
        /// sequences each brought (a sequence two requests share counts for the first); zero
        /// when every sequence came from the cache. The shares of a batch add up to its cost.
        var cost: ScoringCost
        var batchedRequests: Int
    }

    private struct Key: Hashable {
        var tokens: [Int32]
        var scoredFrom: Int
    }

    private struct Job {
        var keys: [Key]
        var continuation: CheckedContinuation<Result, Error>
    }

    let engine: any TokenScoringEngine
    let settings: ServerSettings
    let metrics: ServerMetrics
    private var queue: [Job] = []
    private var draining = false
    private var cache: [Key: [TokenPrediction]] = [:]
    private var cacheOrder: [Key] = []
    private var cacheStart = 0

    init(engine: any TokenScoringEngine, settings: ServerSettings, metrics: ServerMetrics) {
        self.engine = engine
        self.settings = settings
        self.metrics = metrics
    }

    /// The predictions of every sequence from `scoredFrom[i]` on (see ``TokenScoringEngine/predict(_:scoredFrom:)``).
    func predict(_ sequences: [[Int32]], scoredFrom: [Int]) async throws -> Result {
        let keys = zip(sequences, scoredFrom).map { Key(tokens: $0, scoredFrom: $1) }
        let cached = keys.compactMap { cache[$0] }
        metrics.cacheHits.increment(by: Int64(cached.count))
        if cached.count == keys.count {
            return Result(predictions: cached, cost: ScoringCost(), batchedRequests: 1)
        }
        metrics.cacheMisses.increment(by: Int64(keys.count - cached.count))
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(keys: keys, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        try? await Task.sleep(for: settings.batchWindow)
        while !queue.isEmpty {
            var batch: [Job] = []
            var count = 0
            while let job = queue.first, batch.isEmpty || count + job.keys.count <= settings.maxBatchSequences {
                batch.append(queue.removeFirst())
                count += job.keys.count
            }
            var known: [Key: [TokenPrediction]] = [:]
            let keys = Set(batch.flatMap(\.keys))
            for key in keys { if let value = cache[key] { known[key] = value } }
            let distinct = keys.filter { known[$0] == nil }.map { $0 }
            do {
                var cost = ScoringCost()
                if !distinct.isEmpty {
                    let scored = try await engine.predict(distinct.map(\.tokens), scoredFrom: distinct.map(\.scoredFrom))
                    cost = scored.cost
                    for (key, value) in zip(distinct, scored.predictions) {
                        known[key] = value
                        remember(key, value)
                    }
                }
                let shares = Self.shares(of: cost, among: batch.map(\.keys), scored: Set(distinct))
                for (job, share) in zip(batch, shares) {
                    job.continuation.resume(
                        returning: Result(predictions: job.keys.map { known[$0]! }, cost: share, batchedRequests: batch.count))
                }
                metrics.recordBatch(requests: batch.count, cost: cost)
            } catch {
                for job in batch { job.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// `cost` split among requests by the tokens of the scored sequences each brought first.
    private static func shares(of cost: ScoringCost, among jobs: [[Key]], scored: Set<Key>) -> [ScoringCost] {
        var claimed = Set<Key>()
        let tokens = jobs.map { keys in
            keys.reduce(0) { total, key in scored.contains(key) && claimed.insert(key).inserted ? total + key.tokens.count : total }
        }
        let all = tokens.reduce(0, +)
        guard all > 0 else { return jobs.map { _ in ScoringCost() } }
        var left = cost.tokensEvaluated
        return tokens.enumerated().map { i, own in
            let fraction = Double(own) / Double(all)
            let evaluated = i == tokens.count - 1 ? left : Int((Double(cost.tokensEvaluated) * fraction).rounded())
            left -= evaluated
            return ScoringCost(
                tokensEvaluated: evaluated, trieMinimumTokens: Int((Double(cost.trieMinimumTokens) * fraction).rounded()),
                tokensWithoutSharing: own, milliseconds: cost.milliseconds * fraction, modelCalls: own > 0 ? cost.modelCalls : 0)
        }
    }

    /// Stores a score, forgetting the oldest beyond the cache size.
    private func remember(_ key: Key, _ value: [TokenPrediction]) {
        guard settings.cacheSize > 0, cache[key] == nil else { return }
        cache[key] = value
        cacheOrder.append(key)
        if cacheOrder.count - cacheStart > settings.cacheSize {
            cache[cacheOrder[cacheStart]] = nil
            cacheStart += 1
            if cacheStart > settings.cacheSize {
                cacheOrder.removeFirst(cacheStart)
                cacheStart = 0
            }
        }
    }
}
