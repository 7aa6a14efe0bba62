import ConsensusGame

/// What an open-ended item adds to its ``ItemOutcome``: the final number of each sampled chain
/// (the candidates, in sample order), the reference answer, and the greedy chain.
public struct ChainAnswers: Sendable, Hashable, Codable {
    /// The reference answer, canonical (``AnswerExtraction/canonical(_:)``).
    public var reference: String
    /// Each chain's final number (``AnswerExtraction/finalNumber(in:)``), nil when it has none.
    public var answers: [String?]
    /// The greedy chain (temperature 0) and its final number.
    public var greedyChain: String
    public var greedyAnswer: String?

    public init(reference: String, answers: [String?], greedyChain: String, greedyAnswer: String?) {
        self.reference = reference
        self.answers = answers
        self.greedyChain = greedyChain
        self.greedyAnswer = greedyAnswer
    }
}

/// The methods of an open-ended task that pick a final number without ranking a single chain
/// (the six ranking methods count the final number of the chain they rank first).
public enum AnswerMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// The greedy chain's number.
    case greedy
    /// Self-consistency: the most frequent number among the chains.
    case majority
    /// The number with the most ER-G probability, π_G*(chain | correct) summed over its chains.
    case generatorVote = "ER-G vote"
    /// The number with the most ER-D probability, π_D*(correct | chain) summed over its chains.
    case discriminatorVote = "ER-D vote"
    /// Whether any chain reaches the reference: the ceiling of every method but greedy.
    case anyChain = "any chain"
}

extension ItemOutcome {
    /// The numbers that method `m` picks: one, or several tied. A vote counts only chains with
    /// a number; ties are exact equalities of the summed weights. Empty when no chain has a
    /// number (or, for ``AnswerMethod/greedy``, when the greedy chain has none). For
    /// ``AnswerMethod/anyChain``: the reference when a chain reaches it, else nothing.
    /// - Precondition: the outcome has ``chains``.
    public func pickedAnswers(_ m: AnswerMethod) -> [String] {
        let chains = self.chains!
        switch m {
        case .greedy: return chains.greedyAnswer.map { [$0] } ?? []
        case .anyChain: return chains.answers.contains(chains.reference) ? [chains.reference] : []
        case .majority: return Self.vote(chains.answers, weights: chains.answers.map { _ in 1 })
        case .generatorVote: return Self.vote(chains.answers, weights: solution.scores[.equilibriumGenerator])
        case .discriminatorVote: return Self.vote(chains.answers, weights: solution.scores[.equilibriumDiscriminator])
        }
    }

    /// Method `m`'s credit on this item: the share of its tied picks that equal the reference
    /// (1 or 0 without a tie; 0 when it picks nothing).
    public func answerCredit(_ m: AnswerMethod) -> Double {
        let picks = pickedAnswers(m)
        guard !picks.isEmpty else { return 0 }
        return Double(picks.count { $0 == chains!.reference }) / Double(picks.count)
    }

    /// The answers with the largest total weight, in order of first appearance.
    static func vote(_ answers: [String?], weights: [Double]) -> [String] {
        var order: [String] = []
        var totals: [String: Double] = [:]
        for (answer, weight) in zip(answers, weights) {
            guard let answer else { continue }
            if totals[answer] == nil { order.append(answer) }
            totals[answer, default: 0] += weight
        }
        guard let best = totals.values.max() else { return [] }
        return order.filter { totals[$0] == best }
    }
}
