/// A question, an optional context (a passage), and the candidate answers to rank.
public struct RankingQuestion: Sendable, Hashable, Codable {
    public var question: String
    public var context: String?
    public var candidates: [String]

    public init(question: String, context: String? = nil, candidates: [String]) {
        self.question = question
        self.context = context
        self.candidates = candidates
    }

    /// Checks the question.
    ///
    /// Duplicate candidates are allowed: they are scored separately, get identical scores, and
    /// the earlier one wins the tie.
    /// - Throws: ``RankingInputError`` naming the field (`question`, `candidates`, `candidates.i`).
    public func validate() throws {
        guard !question.allSatisfy(\.isWhitespace) else { throw RankingInputError.emptyQuestion(question) }
        guard candidates.count >= 2 else { throw RankingInputError.tooFewCandidates(candidates.count) }
        if let i = candidates.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw RankingInputError.emptyCandidate(i, candidates[i])
        }
    }

    /// Indices of candidates that repeat an earlier one.
    public var duplicateIndices: [Int] {
        candidates.indices.filter { i in candidates[..<i].contains(candidates[i]) }
    }
}
