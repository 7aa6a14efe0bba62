import Foundation

/// What a TruthfulQA generation item adds to its ``ItemOutcome``: the references, how many
/// samples gave each candidate, and each candidate's BLEU and ROUGE-L against the references.
///
/// The candidates (the item's choices) are the sampled answers de-duplicated after
/// normalisation (``candidates(from:)``); the votes weigh each by its multiplicity.
public struct GeneratedAnswers: Sendable, Hashable, Codable {
    /// The true and false references.
    public var references: TruthfulQAReferences
    /// How many of the samples gave each candidate (0 for a filler, see ``candidates(from:)``).
    public var multiplicity: [Int]
    /// Samples that were empty once trimmed: no candidate.
    public var emptySamples: Int
    /// Each candidate's BLEU against the true and the false references.
    public var bleu: [ReferenceComparison]
    /// Each candidate's ROUGE-L (the harness's rougeLsum) against them.
    public var rougeL: [ReferenceComparison]
    /// The greedy (temperature-0) answer, and its comparisons.
    public var greedy: String
    public var greedyBLEU: ReferenceComparison
    public var greedyRougeL: ReferenceComparison

    /// Compares every candidate and the greedy answer with `references`.
    public init(references: TruthfulQAReferences, candidates: [String], multiplicity: [Int], emptySamples: Int, greedy: String) {
        self.references = references
        self.multiplicity = multiplicity
        self.emptySamples = emptySamples
        bleu = candidates.map { references.comparison(.bleu, prediction: $0) }
        rougeL = candidates.map { references.comparison(.rougeL, prediction: $0) }
        self.greedy = greedy
        greedyBLEU = references.comparison(.bleu, prediction: greedy)
        greedyRougeL = references.comparison(.rougeL, prediction: greedy)
    }

    /// The indices of the BLEU-accurate candidates: the item's right answers for ``TaskMetric/bleuAccuracy``.
    public var bleuAccurate: [Int] { bleu.indices.filter { bleu[$0].accurate } }

    /// The candidates of `samples`: each distinct answer once, in order of first appearance, as
    /// first written (trimmed), with how many samples gave it. Two answers are the same when
    /// they agree after lowercasing, collapsing whitespace and dropping final punctuation
    /// (`"Nothing happens."` and `"nothing happens"`). Empty samples are counted and dropped.
    /// The game needs two candidates: when there is one, it is listed twice (the copy with
    /// multiplicity 0; equal candidates get equal scores, so every method splits its credit
    /// evenly between them); when there is none, `fallback` stands in.
    public static func candidates(from samples: [String], fallback: String) -> (candidates: [String], multiplicity: [Int], empty: Int) {
        var candidates: [String] = [], multiplicity: [Int] = [], index: [String: Int] = [:], empty = 0
        for sample in samples {
            let text = sample.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                empty += 1
                continue
            }
            let key = normalized(text)
            if let i = index[key] {
                multiplicity[i] += 1
            } else {
                index[key] = candidates.count
                candidates.append(text)
                multiplicity.append(1)
            }
        }
        if candidates.isEmpty {
            candidates = [fallback]
            multiplicity = [0]
        }
        if candidates.count == 1 {
            candidates.append(candidates[0])
            multiplicity.append(0)
        }
        return (candidates, multiplicity, empty)
    }

    /// The de-duplication key: lowercased, runs of whitespace as one space, final `.`, `!`, `?`
    /// and whitespace dropped.
    static func normalized(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while let last = words.last, ".!?".contains(last) || last.isWhitespace { words.removeLast() }
        return words
    }
}
