import ConsensusScoring
import Foundation

/// A scoring engine for the server's own tests: no model, scores that follow from the text, and
/// a chosen time per group (to fill the server's queue). A candidate containing "right" is the
/// one the discriminator likes; shorter continuations are likelier.
struct FixtureEngine: ScoringEngine {
    var delay: Duration = .zero

    var model: ModelDescription {
        ModelDescription(
            name: "fixture", engine: "fixture", architecture: "none", location: "memory", vocabularySize: 0,
            trainedContextLength: 0, contextLength: 0, fileHash: String(repeating: "0", count: 64))
    }

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        if delay > .zero { try await Task.sleep(for: delay) }
        let scores = group.allContinuationRequests.map { request -> ContinuationScore in
            let liked = request.prompt.contains("right") || request.continuation.contains("right")
            let value: Double
            switch request.continuation {
            case " Yes": value = liked ? -0.1 : -2.5
            case " No": value = liked ? -2.5 : -0.1
            default: value = -0.2 * Double(request.continuation.count)
            }
            return ContinuationScore(logProbability: value, tokenLogProbabilities: [value], promptTokenCount: 1, continuationTokenCount: 1, isGreedy: false)
        }
        return GroupScores(group, scores: scores, cost: ScoringCost(tokensEvaluated: scores.count, modelCalls: 1))
    }
}
