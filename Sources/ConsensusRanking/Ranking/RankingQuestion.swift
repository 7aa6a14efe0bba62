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

    /// Checks the question; the error names the field.
    ///
    /// Duplicate candidates are allowed: they are scored separately, get identical scores, and
    /// the earlier one wins the tie.
    public func validate() throws {
        guard !question.allSatisfy(\.isWhitespace) else { throw RankingInputError("the question is empty") }
        guard candidates.count >= 2 else {
            throw RankingInputError("ranking needs at least two candidates (got \(candidates.count))")
        }
        if let i = candidates.firstIndex(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw RankingInputError("candidate \(i + 1) is empty")
        }
    }

    /// Indices of candidates that repeat an earlier one.
    public var duplicateIndices: [Int] {
        candidates.indices.filter { i in candidates[..<i].contains(candidates[i]) }
    }
}

/// A question that cannot be ranked; the message names what is wrong.
public struct RankingInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
