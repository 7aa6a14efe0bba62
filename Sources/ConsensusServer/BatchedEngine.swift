import ConsensusScoring

/// A token-level engine seen through the batcher: a ``ScoringEngine`` whose groups are tokenized
/// as the engine tokenizes them and scored in batches with other requests' sequences. Gives the
/// engine's own scores.
struct BatchedEngine: ScoringEngine {
    let engine: any TokenScoringEngine
    let batcher: ScoringBatcher

    var model: ModelDescription { engine.model }

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        let split = try group.allContinuationRequests.map { try engine.tokenize($0) }
        let result = try await batcher.predict(split.map { $0.prompt + $0.continuation }, scoredFrom: split.map(\.prompt.count))
        let scores = zip(split, result.predictions).map { tokens, predictions in
            ContinuationScore(predictions: predictions, tokens: tokens.continuation, promptTokenCount: tokens.prompt.count)
        }
        return GroupScores(group, scores: scores, cost: result.cost)
    }
}
