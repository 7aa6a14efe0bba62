import ConsensusScoring
import Foundation

/// Evaluates a ``PrefixTrie`` on a ``LlamaContext``: every trie position that some sequence
/// extends past is evaluated once, and outputs are requested only where they score a
/// continuation token.
///
/// One KV sequence walks the trie depth-first. Positions are decoded in walk order, many nodes
/// per `llama_decode`, until the walk must step back to a branch point; there the cache is
/// truncated to the branch point (`llama_memory_seq_rm`) and the walk goes down the next child.
///
/// Exactness: llama.cpp's CPU matrix kernels give bit-identical rows for any batch of two or
/// more tokens, but a one-token batch takes another kernel (another summation order). A decode
/// of a single token therefore re-evaluates the token before it as well, so that every score is
/// the one the sequence gets when decoded on its own. Likewise the output layer: a decode that
/// wants one output row asks for a second, unused one.
struct TrieEvaluator {
    /// The model's verdict at one position for one next token.
    struct Prediction {
        var logProbability: Double
        var isGreedy: Bool
    }

    let trie: PrefixTrie
    let context: LlamaContext
    private(set) var tokensEvaluated = 0
    /// Predictions keyed by `key(node, offset)`, then by the next token.
    private(set) var predictions: [Int: [Int32: Prediction]] = [:]

    init(trie: PrefixTrie, context: LlamaContext) {
        self.trie = trie
        self.context = context
    }

    static func key(_ node: Int, _ offset: Int) -> Int { node << 24 | offset }

    /// A position waiting to be decoded: a token of a node.
    private struct Pending {
        var node: Int
        var offset: Int
        var wantsOutput: Bool
    }

    mutating func run() throws {
        context.clear()
        var pending: [Pending] = []
        try visit(0, pending: &pending)
        try flush(&pending)
    }

    /// Queues `node`'s positions, then its children's, stepping back to the node's end between
    /// children.
    private mutating func visit(_ index: Int, pending: inout [Pending]) throws {
        let node = trie.nodes[index]
        for offset in 0..<node.evaluatedCount {
            pending.append(Pending(node: index, offset: offset, wantsOutput: node.needsOutput[offset]))
            if pending.count == context.batchSize { try flush(&pending) }
        }
        let end = node.start + node.tokens.count
        for (i, child) in node.children.enumerated() {
            if i > 0 {
                // Step back: decode what is queued, then forget the previous child's positions.
                try flush(&pending)
                context.truncate(0, from: end)
            }
            try visit(child, pending: &pending)
        }
    }

    /// Decodes the queued positions in one `llama_decode`.
    private mutating func flush(_ pending: inout [Pending]) throws {
        guard !pending.isEmpty else { return }
        var entries = pending.map { item in
            let node = trie.nodes[item.node]
            return LlamaContext.Entry(
                token: node.tokens[item.offset], position: node.start + item.offset, sequence: 0,
                wantsOutput: item.wantsOutput)
        }
        if entries.count == 1, entries[0].position > 0 {
            // Re-evaluate the previous position too (see the type's note on exactness).
            let position = entries[0].position - 1
            context.truncate(0, from: position)
            entries.insert(
                .init(token: token(before: pending[0]), position: position, sequence: 0, wantsOutput: false), at: 0)
        }
        let wanted = entries.indices.filter { entries[$0].wantsOutput }
        if wanted.count == 1, entries.count > 1 {
            entries[wanted[0] == 0 ? 1 : 0].wantsOutput = true  // an unused second row
        }
        try context.decode(entries)
        tokensEvaluated += entries.count
        let shift = entries.count - pending.count
        for (i, item) in pending.enumerated() where item.wantsOutput {
            record(node: item.node, offset: item.offset, batchIndex: i + shift)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The token one position before `item`: in its node, or the last of its parent's.
    private func token(before item: Pending) -> Int32 {
        let node = trie.nodes[item.node]
        if item.offset > 0 { return node.tokens[item.offset - 1] }
        return trie.nodes[node.parent!].tokens.last!
    }

    /// Stores the log-probabilities, at one output row, of the tokens that follow the position.
    private mutating func record(node: Int, offset: Int, batchIndex: Int) {
        let n = trie.nodes[node]
        let next: [Int32] =
            offset + 1 < n.tokens.count ? [n.tokens[offset + 1]] : n.children.map { trie.nodes[$0].tokens[0] }
        let logits = context.logits(at: batchIndex)
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
        predictions[Self.key(node, offset)] = entry
    }
}
