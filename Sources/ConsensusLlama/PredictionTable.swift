import ConsensusScoring
import Foundation

/// The model's verdicts on a ``PrefixTrie``: for each evaluated position that needs output, the
/// log-probability of every token that follows it in some sequence.
struct PredictionTable {
    /// The model's verdict at one position for one next token.
    struct Prediction {
        var logProbability: Double
        var isGreedy: Bool
    }

    let trie: PrefixTrie
    /// Keyed by `key(node, offset)`, then by the next token.
    private var table: [Int: [Int32: Prediction]] = [:]

    init(trie: PrefixTrie) { self.trie = trie }

    private static func key(_ node: Int, _ offset: Int) -> Int { node << 24 | offset }

    /// The verdict after position `position` of sequence `sequence` on the token at `position + 1`.
    func prediction(sequence: Int, position: Int) -> Prediction? {
        let (node, offset) = trie.locate(sequence: sequence, position: position)
        return table[Self.key(node, offset)]?[trie.sequences[sequence][position + 1]]
    }

    /// Stores the log-probabilities, under `logits`, of the tokens that follow `offset` of `node`.
    mutating func record(node: Int, offset: Int, logits: UnsafeBufferPointer<Float>) {
        let n = trie.nodes[node]
        let next: [Int32] =
            offset + 1 < n.tokens.count ? [n.tokens[offset + 1]] : n.children.map { trie.nodes[$0].tokens[0] }
        var maxValue = -Float.infinity
        var argmax = 0
        for (i, v) in logits.enumerated() where v > maxValue {
            maxValue = v
            argmax = i
        }
        let m = Double(maxValue)
        var sum = 0.0
        for v in logits { sum += exp(Double(v) - m) }
        let logSumExp = m + log(sum)
        var entry: [Int32: Prediction] = [:]
        for token in next {
            entry[token] = Prediction(logProbability: Double(logits[Int(token)]) - logSumExp, isGreedy: Int(token) == argmax)
        }
        table[Self.key(node, offset)] = entry
    }
}
