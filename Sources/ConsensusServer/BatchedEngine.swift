import ConsensusScoring

/// A token-level engine seen through the batcher: a ``ScoringEngine`` whose groups are tokenized
/// as the engine tokenizes them and scored in batches with other requests' sequences. Gives the
/// engine's own scores.
struct BatchedEngine: ScoringEngine {
    /// A group's requests as tokens, in the order of ``ScoringGroup/allContinuationRequests``.
    typealias Tokens = [(prompt: [Int32], continuation: [Int32])]

    let engine: any TokenScoringEngine
    let batcher: ScoringBatcher
    /// Checks a group's tokens before any is scored (a route's limits); throws to refuse them.
    var check: @Sendable (Tokens) throws -> Void = { _ in }

    var model: ModelDescription { engine.model }

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        let split = try group.allContinuationRequests.enumerated().map { index, request in
            do { return try engine.tokenize(request) } catch var error as ScoringError {
                error.request = index  // the engine tokenized the request alone
                throw error
            }
        }
        try check(split)
        let result = try await batcher.predict(split.map { $0.prompt + $0.continuation }, scoredFrom: split.map(\.prompt.count))
        let scores = zip(split, result.predictions).map { tokens, predictions in
            ContinuationScore(predictions: predictions, tokens: tokens.continuation, promptTokenCount: tokens.prompt.count)
        }
        return GroupScores(group, scores: scores, cost: result.cost)
    }
}
