import ConsensusScoring

/// Evaluates a ``PrefixTrie`` one branch at a time: every trie position that some sequence
/// extends past is evaluated once, and outputs are requested only where they score a
/// continuation token.
///
/// One KV sequence walks the trie depth-first, its cells holding positions 0, 1, 2, … in order.
/// Positions are decoded in walk order, many nodes per `llama_decode`, until the walk must step
/// back to a branch point; there the sequence is truncated to the branch point and the walk
/// goes down the next child. Each leaf therefore costs a decode of its own; ``PackedEvaluator``
/// evaluates sibling branches together and is used instead whenever the group fits its layout.
///
/// Exactness: llama.cpp's CPU matrix kernels give bit-identical rows for any batch of two or
/// more tokens, but a one-token batch takes another kernel (another summation order). A decode
/// of a single token therefore re-evaluates the token before it as well (at position 0, a
/// throwaway token of another sequence goes with it), so that every score is the one the
/// sequence gets when decoded on its own. Likewise the output layer: a decode that
/// wants one output row asks for a second, unused one.
struct DepthFirstEvaluator {
    let trie: PrefixTrie
    let context: LlamaContext
    private var evaluation: TrieEvaluation

    init(trie: PrefixTrie, context: LlamaContext) {
        self.trie = trie
        self.context = context
        evaluation = TrieEvaluation(predictions: PredictionTable(trie: trie))
    }

    /// A position waiting to be decoded: a token of a node.
    private struct Pending {
        var node: Int
        var offset: Int
        var wantsOutput: Bool
    }

    mutating func run() throws -> TrieEvaluation {
        context.clear()
        var pending: [Pending] = []
        try visit(0, pending: &pending)
        try flush(&pending)
        return evaluation
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
        var throwaway = false
        if entries.count == 1, entries[0].position > 0 {
            // Re-evaluate the previous position too (see the type's note on exactness).
            let position = entries[0].position - 1
            context.truncate(0, from: position)
            entries.insert(
                .init(token: token(before: pending[0]), position: position, sequence: 0, wantsOutput: false), at: 0)
        } else if entries.count == 1 {
            // Position 0 has no predecessor: add a throwaway token of another sequence.
            entries.append(.init(token: entries[0].token, position: 0, sequence: 1, wantsOutput: false))
            throwaway = true
        }
        let wanted = entries.indices.filter { entries[$0].wantsOutput }
        if wanted.count == 1, entries.count > 1 {
            entries[wanted[0] == 0 ? 1 : 0].wantsOutput = true  // an unused second row
        }
        try context.decode(entries)
        if throwaway { context.truncate(1) }  // frees its cell, the next after position 0's
        evaluation.tokensEvaluated += entries.count
        evaluation.decodes += 1
        let shift = entries.count - pending.count
        let rows = pending.indices.filter { pending[$0].wantsOutput }.map {
            PredictionTable.Row(node: pending[$0].node, offset: pending[$0].offset, index: $0 + shift)
        }
        evaluation.predictions.record(rows, logits: context.logits(at:), workers: context.threads)
        pending.removeAll(keepingCapacity: true)
    }

    /// The token one position before `item`: in its node, or the last of its parent's.
    private func token(before item: Pending) -> Int32 {
        let node = trie.nodes[item.node]
        if item.offset > 0 { return node.tokens[item.offset - 1] }
        return trie.nodes[node.parent!].tokens.last!
    }
}
