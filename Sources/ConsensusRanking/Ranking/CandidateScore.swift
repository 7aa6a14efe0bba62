/// How a candidate's token log-probabilities become the generator's score (spec section 3).
public enum CandidateScore: String, Sendable, Hashable, Codable, CaseIterable {
    /// The plain sum (lm-evaluation-harness `acc`). The default.
    case sum
    /// The sum divided by the candidate's length in characters (`acc_norm`).
    case perCharacter = "per-character"
    /// The sum divided by the candidate's length in UTF-8 bytes (`acc_bytes`).
    case perByte = "per-byte"

    /// The score of `candidate` whose continuation log-probability is `logProbability`.
    public func apply(_ logProbability: Double, candidate: String) -> Double {
        switch self {
        case .sum: logProbability
        case .perCharacter: logProbability / Double(max(candidate.count, 1))
        case .perByte: logProbability / Double(max(candidate.utf8.count, 1))
        }
    }
}
