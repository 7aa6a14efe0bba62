/// The model's verdict on one token at one position: its log-probability given the tokens
/// before it, and the most likely token there.
public struct TokenPrediction: Sendable, Hashable, Codable {
    /// Natural log-probability of the token.
    public var logProbability: Double
    /// The most likely token at this position (the first of equals).
    public var greedyToken: Int32
    /// The log-probability of `greedyToken`.
    public var greedyLogProbability: Double

    public init(logProbability: Double, greedyToken: Int32, greedyLogProbability: Double) {
        self.logProbability = logProbability
        self.greedyToken = greedyToken
        self.greedyLogProbability = greedyLogProbability
    }
}

extension ContinuationScore {
    /// The score of a continuation from the predictions of its tokens; greedy when every
    /// token is its position's most likely one.
    public init(predictions: [TokenPrediction], tokens: [Int32], promptTokenCount: Int) {
        precondition(predictions.count == tokens.count, "one prediction per continuation token")
        let logProbabilities = predictions.map(\.logProbability)
        self.init(
            logProbability: logProbabilities.reduce(0, +), tokenLogProbabilities: logProbabilities,
            promptTokenCount: promptTokenCount, continuationTokenCount: tokens.count,
            isGreedy: zip(predictions, tokens).allSatisfy { $0.greedyToken == $1 })
    }
}

extension GroupScores {
    /// The scores of `group` from one score per request of `group.allContinuationRequests`.
    public init(_ group: ScoringGroup, scores: [ContinuationScore], cost: ScoringCost) {
        precondition(scores.count == group.continuations.count + group.labels.reduce(0) { $0 + $1.labels.count })
        var labels: [[ContinuationScore]] = []
        var next = group.continuations.count
        for request in group.labels {
            labels.append(Array(scores[next..<(next + request.labels.count)]))
            next += request.labels.count
        }
        self.init(continuations: Array(scores[..<group.continuations.count]), labels: labels, cost: cost)
    }
}
