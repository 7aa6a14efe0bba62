import ConsensusScoring

/// A ``PrefixTrie`` cut into chains, the unit of work of ``PackedEvaluator``.
///
/// A chain is a run of consecutive positions down the trie: it starts at a node and follows one
/// child per node until a leaf; every other child starts a chain of its own that branches off
/// the first at the child's start position. Each chain is evaluated in one KV sequence. The
/// child a chain follows is the one whose subtree needs the most further branchings, so that
/// the longest run of dependent chains (`depth`) is as short as possible: a group needs
/// `depth + 1` rounds of decoding when batches are large enough.
///
/// Positions that no sequence extends past (a sequence's last token) are not evaluated and
/// belong to no chain; a leaf of one token therefore adds no chain.
struct TrieChains {
    struct Chain {
        /// The chain's positions in order, as (trie node, offset in the node); they are
        /// consecutive, starting at `start`.
        var items: [(node: Int, offset: Int)] = []
        /// The position of the first item.
        var start: Int
        /// The chain this one branches off (nil for a chain starting at position 0).
        var parent: Int?
        /// The chains that branch off this one.
        var children: [Int] = []

        var count: Int { items.count }
    }

    private(set) var chains: [Chain] = []
    /// The longest run of chains each branching off the one before (0 for a single chain).
    private(set) var depth = 0

    init(trie: PrefixTrie) {
        let nodes = trie.nodes
        // Whether a node holds positions to evaluate, itself or below.
        func hasWork(_ n: Int) -> Bool { nodes[n].evaluatedCount > 0 || !nodes[n].children.isEmpty }
        // Branchings needed below each node, children before parents (indices are not ordered).
        var below = [Int](repeating: 0, count: nodes.count)
        var order: [Int] = []
        var stack = [0]
        while let n = stack.popLast() {
            order.append(n)
            stack += nodes[n].children
        }
        for n in order.reversed() {
            let depths = nodes[n].children.filter(hasWork).map { below[$0] }.sorted(by: >)
            below[n] = depths.isEmpty ? 0 : max(depths[0], depths.count > 1 ? depths[1] + 1 : 0)
        }
        // Cut into chains, breadth-first from the chains that start at position 0.
        var starts: [(node: Int, parent: Int?)] = nodes[0].children.filter(hasWork).map { ($0, nil) }
        var level = [Int](repeating: 0, count: 0)
        var next = 0
        while next < starts.count {
            let (first, parent) = starts[next]
            next += 1
            let index = chains.count
            var chain = Chain(start: nodes[first].start, parent: parent)
            var node = first
            while true {
                for offset in 0..<nodes[node].evaluatedCount { chain.items.append((node, offset)) }
                let children = nodes[node].children.filter(hasWork)
                guard let follow = children.max(by: { below[$0] < below[$1] }) else { break }
                starts += children.filter { $0 != follow }.map { ($0, index) }
                node = follow
            }
            chains.append(chain)
            level.append(parent.map { level[$0] + 1 } ?? 0)
            if let parent { chains[parent].children.append(index) }
        }
        depth = level.max() ?? 0
    }
}
