import ConsensusScoring

/// Evaluates a ``PrefixTrie`` with sibling branches side by side: every trie position that some
/// sequence extends past is evaluated once, and a `llama_decode` takes every branch that is
/// ready, not one branch at a time.
///
/// The trie is cut into chains (``TrieChains``), each evaluated in a KV sequence of its own. A
/// chain is ready once the position it branches off at has been decoded; each decode takes the
/// ready chains in order, as many positions as the batch holds (a chain cut by the batch size
/// goes on first in the next decode). A chain that branches off on a block boundary (a position
/// divisible by the layout's block, 8 or 16: no tail to copy, see ``CellLayout``) joins the decode of its branch point
/// at once, the parent's tokens below it carrying its sequence id too. For a question with a
/// shared passage, n answers under two generator prompts and n discriminator prompts that is
/// three decodes (two when the question ends on a block boundary), where
/// ``DepthFirstEvaluator`` needs one per answer.
///
/// Exactness: a token's score is bit-identical to the one it gets when its sequence is decoded
/// alone. Rows of a matrix product do not depend on the other rows once a batch has two or
/// more of them, so a decode of one token gets a throwaway second token, and a decode that
/// wants one output row asks for a second, unused one. Attention sums do depend on which cells
/// hold a sequence's positions; ``CellLayout`` keeps that arrangement as it is alone.
struct PackedEvaluator {
    let trie: PrefixTrie
    let chains: TrieChains
    let context: LlamaContext
    let layout: CellLayout
    private var evaluation: TrieEvaluation
    /// Positions evaluated, per chain.
    private var done: [Int]

    init(trie: PrefixTrie, chains: TrieChains, context: LlamaContext, layout: CellLayout) {
        self.trie = trie
        self.chains = chains
        self.context = context
        self.layout = layout
        evaluation = TrieEvaluation(predictions: PredictionTable(trie: trie))
        done = [Int](repeating: 0, count: chains.chains.count)
    }

    /// Whether the group's layout fits the context: a sequence id per chain, and cells for every
    /// position plus, per chain, up to a block of blank cells and a block of copied ones.
    static func fits(_ chains: TrieChains, in context: LlamaContext) -> Bool {
        let positions = chains.chains.reduce(0) { $0 + $1.count }
        let block = LlamaBackend.attentionBlock
        let cells = positions + 2 * block * chains.chains.count + block
        return CellLayout.firstChainSequence + chains.chains.count <= LlamaContext.sequenceLimit
            && cells <= context.cellCount
    }

    private func sequence(of chain: Int) -> Int { CellLayout.firstChainSequence + chain }

    /// One chain's share of a decode.
    private struct Piece {
        var chain: Int
        var count: Int
        /// The chain this one branches off in the same decode, if it joined there.
        var joins: Int?
    }

    mutating func run() throws -> TrieEvaluation {
        try layout.reset()
        let all = chains.chains
        var queued = all.map { $0.parent == nil }
        var ready = all.indices.filter { queued[$0] }
        while !ready.isEmpty {
            // The ready chains in order, as many positions as one decode takes; children that
            // branch off a planned piece on a block boundary join right after it.
            var plan: [Piece] = []
            var room = context.batchSize
            var next = 0
            var joining: [Int: Int] = [:]
            while next < ready.count, room > 0 {
                let c = ready[next]
                next += 1
                let count = min(room, all[c].count - done[c])
                plan.append(Piece(chain: c, count: count, joins: joining[c]))
                room -= count
                let from = all[c].start + done[c]
                let joiners = all[c].children.filter {
                    !queued[$0] && all[$0].start % layout.block == 0 && all[$0].start > from && all[$0].start <= from + count
                }
                for child in joiners {
                    queued[child] = true
                    joining[child] = c
                }
                ready.insert(contentsOf: joiners, at: next)
            }
            try decode(plan)
            var newlyReady: [Int] = []
            for piece in plan {
                let c = piece.chain
                done[c] += piece.count
                for child in all[c].children where !queued[child] && all[child].start - all[c].start <= done[c] {
                    queued[child] = true
                    newlyReady.append(child)
                }
            }
            // Every planned chain but the last is finished: a chain cut by the batch size goes on
            // first in the next decode, in place; then the others in order.
            ready = (ready + newlyReady).filter { done[$0] < all[$0].count }
        }
        return evaluation
    }

    /// Lays out the cells of `plan` and decodes it in one `llama_decode`.
    private mutating func decode(_ plan: [Piece]) throws {
        var entries: [LlamaContext.Entry] = []
        var outputs: [PredictionTable.Row] = []
        for (i, piece) in plan.enumerated() {
            let c = piece.chain
            let chain = chains.chains[c]
            let position = chain.start + done[c]
            if let parent = piece.joins {
                // It sees its parent's tokens of this decode below its start.
                for k in entries.indices where entries[k].position < position && entries[k].sequences.contains(sequence(of: parent)) {
                    entries[k].sequences.append(sequence(of: c))
                }
            }
            if !layout.continues(sequence(of: c), at: position) {
                // Only a chain cut by the batch size is resumed, first in the next decode and in place.
                precondition(done[c] == 0, "chain \(c) resumed away from its cells")
                layout.open(sequence(of: c), at: position, branchingFrom: chain.parent.map(sequence(of:)))
            }
            layout.take(piece.count, for: sequence(of: c), at: position, last: i == plan.count - 1)
            for (k, item) in chain.items[done[c]..<(done[c] + piece.count)].enumerated() {
                let wantsOutput = trie.nodes[item.node].needsOutput[item.offset]
                if wantsOutput { outputs.append(.init(node: item.node, offset: item.offset, index: entries.count)) }
                entries.append(
                    .init(
                        token: trie.nodes[item.node].tokens[item.offset], position: position + k,
                        sequence: sequence(of: c), wantsOutput: wantsOutput))
            }
        }
        layout.commit()
        // Keep every matrix product at two or more rows (see the type's note on exactness).
        let throwaway = entries.count == 1
        if throwaway {
            entries.append(.init(token: entries[0].token, position: 0, sequence: CellLayout.filler, wantsOutput: false))
        }
        if outputs.count == 1 {
            entries[outputs[0].index == 0 ? 1 : 0].wantsOutput = true  // an unused second row
        }
        try context.decode(entries)
        if throwaway { layout.retireFillerToken() }
        evaluation.tokensEvaluated += entries.count
        evaluation.decodes += 1
        evaluation.predictions.record(outputs, logits: context.logits(at:), workers: context.threads)
    }
}
