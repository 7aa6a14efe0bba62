public import ConsensusScoring
public import Logging

/// Scores many groups through a ``ScoreCache``: requests already cached are read, the rest are
/// scored by the engine (each item's missing requests as one group, so their prefixes are
/// shared; several groups per call, see ``ScoringEngine/groupsPerCall``) and written to the
/// cache by a separate task, so the engine never waits for the disk.
///
/// A group with more missing requests than ``requestsPerCall`` (an item with hundreds of
/// choices) goes to the engine in pieces of that many requests, one call each, so progress is
/// reported, and scores are cached, inside the item. Scores do not depend on how requests are
/// grouped (docs/engine.md, "Prefix sharing"); only the shared prefix is evaluated once per
/// piece.
public struct CachedScorer: Sendable {
    /// How far a run has got.
    public struct Progress: Sendable {
        /// Groups (items) whose every request is scored.
        public var done: Int
        public var total: Int
        /// Groups found whole in the cache.
        public var cached: Int
        public var tokensEvaluated: Int
        /// Tokens sent to a remote engine's server (0 in-process).
        public var tokensSent: Int = 0
        /// Requests the engine has scored in this run, counted as each call returns: the
        /// progress inside a long item.
        public var requestsDone: Int = 0
        /// Requests the engine is to score in this run (those not cached).
        public var requestsTotal: Int = 0
    }

    /// Where a call to the engine failed: the group (by its index among the groups given to
    /// ``score(_:key:progress:)``) whose request the engine refused, and the engine's error.
    public struct GroupError: Error, Sendable, CustomStringConvertible {
        /// The 0-based index of the group.
        public var group: Int
        /// The engine's error, e.g. a ``ScoringError`` for a request longer than the context.
        public var error: ScoringError

        public var description: String { "group \(group + 1): \(error)" }
    }

    /// The most requests of one group sent in one call; a group with more is split.
    public var requestsPerCall = 120

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
    ///   - progress: called once before scoring and after each group or piece of a group (from
    ///     the writer task).
    public func score(
        _ groups: [ScoringGroup], key: ScoreCache.Key, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Result {
        // 1. Everything the cache already has, looked up before the engine starts.
        var known: [[ContinuationRequest: ContinuationScore]] = []
        for group in groups { known.append(try cache.lookup(group.allContinuationRequests, key: key)) }
        let missing = groups.indices.filter { known[$0].count < Set(groups[$0].allContinuationRequests).count }

        // 2. The engine scores the missing requests; 3. a writer task stores them.
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: (Int, [(ContinuationRequest, ContinuationScore)], ScoringCost).self)
        let engine = self.engine
        let needed = missing.map { index in Self.unique(groups[index].allContinuationRequests.filter { known[index][$0] == nil }) }
        let labels = missing.map { Set(groups[$0].labels.flatMap(\.continuationRequests)) }
        let calls = Self.calls(
            missing: missing, needed: needed, labels: labels, perCall: max(1, engine.groupsPerCall), requestsPerCall: max(1, requestsPerCall))
        var piecesLeft = Dictionary(uniqueKeysWithValues: missing.map { ($0, 0) })
        for call in calls { for piece in call { piecesLeft[piece.item]! += 1 } }
        var state = Progress(
            done: groups.count - missing.count, total: groups.count, cached: groups.count - missing.count, tokensEvaluated: 0,
            requestsTotal: needed.reduce(0) { $0 + $1.count })
        progress(state)
        logger.info("score cache", metadata: ["groups": "\(groups.count)", "cached": "\(state.cached)", "to score": "\(missing.count)"])
        let producer = Task { [concurrency] in
            do {
                try await forEachConcurrently(Array(calls.indices), width: concurrency) { call in
                    try Task.checkCancellation()
                    let pieces = calls[call]
                    do {
                        return try await engine.score(groups: pieces.map(\.group))
                    } catch let error as ScoringError {
                        throw await Self.locate(error, in: pieces, engine: engine)
                    }
                } receive: { call, scored in
                    for (piece, scores) in zip(calls[call], scored) {
                        continuation.yield((piece.item, piece.pairs(scores), scores.cost))
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
            piecesLeft[index]! -= 1
            if piecesLeft[index] == 0 { state.done += 1 }
            state.requestsDone += pairs.count
            state.tokensEvaluated += cost.tokensEvaluated
            state.tokensSent += cost.tokensSent
            progress(state)
        }
        return Result(
            scores: groups.indices.map { Self.assemble(groups[$0], from: known[$0]) },
            tokensEvaluated: state.tokensEvaluated, tokensSent: state.tokensSent, cachedGroups: state.cached)
    }

    /// A group's requests sent in one call, as a group of their own: the generator's
    /// continuations, and the discriminator's labels still as label requests, so that an engine
    /// that treats the two apart (``PlayerEngines``, two models) sees which is which.
    struct Piece: Sendable {
        /// The item (its index among the groups scored).
        var item: Int
        var requests: [ContinuationRequest]
        var group: ScoringGroup

        /// - Parameter labels: the continuation requests of the item's label requests.
        init(item: Int, requests: [ContinuationRequest], labels: Set<ContinuationRequest>) {
            self.item = item
            self.requests = requests
            var order: [LabelRequest] = []
            var index: [ContinuationRequest: Int] = [:]  // a label's prompt (its request, continuation emptied) → its place in order
            for request in requests where labels.contains(request) {
                var prompt = request
                prompt.continuation = ""
                if let i = index[prompt] {
                    order[i].labels.append(request.continuation)
                } else {
                    index[prompt] = order.count
                    order.append(request.parts.isEmpty
                        ? LabelRequest(prompt: request.prompt, labels: [request.continuation])
                        : LabelRequest(parts: request.parts, labels: [request.continuation]))
                }
            }
            group = ScoringGroup(continuations: requests.filter { !labels.contains($0) }, labels: order)
        }

        /// Each request with its score, in the order of ``requests``.
        func pairs(_ scores: GroupScores) -> [(ContinuationRequest, ContinuationScore)] {
            var byRequest = Dictionary(zip(group.continuations, scores.continuations), uniquingKeysWith: { a, _ in a })
            for (label, scored) in zip(group.labels, scores.labels) {
                for (request, score) in zip(label.continuationRequests, scored) { byRequest[request] = score }
            }
            return requests.map { ($0, byRequest[$0]!) }
        }
    }

    /// The engine calls: groups `perCall` at a time, in order; a group with more than
    /// `requestsPerCall` requests in pieces of that many, one call each.
    static func calls(
        missing: [Int], needed: [[ContinuationRequest]], labels: [Set<ContinuationRequest>], perCall: Int, requestsPerCall: Int
    ) -> [[Piece]] {
        var calls: [[Piece]] = [], packed: [Piece] = []
        for ((item, requests), labels) in zip(zip(missing, needed), labels) {
            guard requests.count > requestsPerCall else {
                packed.append(Piece(item: item, requests: requests, labels: labels))
                if packed.count == perCall { calls.append(packed); packed = [] }
                continue
            }
            if !packed.isEmpty { calls.append(packed); packed = [] }
            for start in stride(from: 0, to: requests.count, by: requestsPerCall) {
                calls.append([Piece(item: item, requests: Array(requests[start..<min(start + requestsPerCall, requests.count)]), labels: labels)])
            }
        }
        if !packed.isEmpty { calls.append(packed) }
        return calls
    }

    /// The group of a failed call whose request the engine refused: the call's only group, or
    /// the first that fails when each is scored alone. Errors that are not about a request (an
    /// engine failure, a model that cannot load) are not located.
    static func locate(_ error: ScoringError, in pieces: [Piece], engine: any ScoringEngine) async -> any Error {
        guard error.isAboutTheRequest else { return error }
        guard pieces.count > 1 else { return GroupError(group: pieces[0].item, error: error) }
        for piece in pieces {
            do { _ = try await engine.score(groups: [piece.group]) } catch let alone as ScoringError {
                return GroupError(group: piece.item, error: alone)
            } catch {
                return error
            }
        }
        return error
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
