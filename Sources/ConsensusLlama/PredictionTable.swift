import ConsensusScoring
import Dispatch

/// The model's verdicts on a ``PrefixTrie``: for each evaluated position that needs output, the
/// log-probability of every token that follows it in some sequence.
struct PredictionTable {
    /// A position of the trie whose logits a decode produced, at batch index `index`.
    struct Row {
        var node: Int
        var offset: Int
        var index: Int
    }

    let trie: PrefixTrie
    /// Keyed by `key(node, offset)`, then by the next token.
    private var table: [Int: [Int32: TokenPrediction]] = [:]

    init(trie: PrefixTrie) { self.trie = trie }

    private static func key(_ node: Int, _ offset: Int) -> Int { node << 24 | offset }

    /// The verdict after position `position` of sequence `sequence` on the token at `position + 1`.
    func prediction(sequence: Int, position: Int) -> TokenPrediction? {
        let (node, offset) = trie.locate(sequence: sequence, position: position)
        return table[Self.key(node, offset)]?[trie.sequences[sequence][position + 1]]
    }

    /// Stores the verdicts at `rows`, whose logits are `logits(row.index)`, computing rows on up
    /// to `workers` threads (the computation of a row does not depend on the split).
    mutating func record(_ rows: [Row], logits: (Int) -> UnsafeBufferPointer<Float>, workers: Int) {
        nonisolated(unsafe) let vectors = rows.map { logits($0.index) }
        let nextTokens = rows.map { row in
            let node = trie.nodes[row.node]
            return row.offset + 1 < node.tokens.count
                ? [node.tokens[row.offset + 1]] : node.children.map { trie.nodes[$0].tokens[0] }
        }
        var verdicts = [[Int32: TokenPrediction]](repeating: [:], count: rows.count)
        verdicts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let lanes = max(1, min(workers, rows.count))
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for i in stride(from: lane, to: rows.count, by: lanes) {
                    out[i] = Self.verdicts(on: nextTokens[i], logits: vectors[i])
                }
            }
        }
        for (row, entry) in zip(rows, verdicts) { table[Self.key(row.node, row.offset)] = entry }
    }

    /// The log-probabilities of `tokens` under `logits`, with the most likely token and its log-probability.
    private static func verdicts(on tokens: [Int32], logits: UnsafeBufferPointer<Float>) -> [Int32: TokenPrediction] {
        let summary = LogitSummary(logits)
        var entry: [Int32: TokenPrediction] = [:]
        for token in tokens {
            entry[token] = TokenPrediction(
                logProbability: summary.logProbability(logits[Int(token)]), greedyToken: Int32(summary.argmax),
                greedyLogProbability: summary.maximum - summary.logSumExp)
        }
        return entry
    }
}
