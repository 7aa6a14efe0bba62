/// A radix trie over the token sequences of a scoring group: every prefix shared by several
/// sequences is one path, so an engine that walks the trie evaluates each shared prefix once.
///
/// Each sequence is the prompt's tokens followed by the continuation's; the model's output (its
/// next-token distribution) is needed at the positions that predict a continuation token. The
/// last token of a sequence predicts nothing and is evaluated only when another sequence
/// continues past it.
public struct PrefixTrie: Sendable {
    /// A run of tokens that no sequence branches inside.
    public struct Node: Sendable {
        /// The node's tokens.
        public var tokens: [Int32]
        /// Position (0-based, in the sequence) of `tokens[0]`.
        public var start: Int
        /// Index of the parent node; nil for the root.
        public var parent: Int?
        /// Child nodes, in the order of first appearance.
        public var children: [Int] = []
        /// `needsOutput[i]`: the distribution after `tokens[i]` scores some continuation token.
        public var needsOutput: [Bool]
        /// How many of `tokens` must be evaluated: all of them when some sequence goes on
        /// below this node, else all but the last.
        public var evaluatedCount: Int {
            children.isEmpty ? max(tokens.count - 1, 0) : tokens.count
        }
    }

    /// The nodes; `nodes[0]` is the root, an empty node above the first token.
    public private(set) var nodes: [Node]
    /// For each sequence, the nodes on its path from the root, in order.
    public private(set) var paths: [[Int]]
    /// The sequences, as given.
    public let sequences: [[Int32]]
    /// For each sequence, the index of its first scored token (its prompt length).
    public let scoredFrom: [Int]

    /// Builds the trie.
    /// - Parameters:
    ///   - sequences: token sequences, each non-empty.
    ///   - scoredFrom: for each sequence, the index of its first scored token, `1 ... count`.
    public init(sequences: [[Int32]], scoredFrom: [Int]) {
        precondition(sequences.count == scoredFrom.count, "one scoredFrom per sequence")
        self.sequences = sequences
        self.scoredFrom = scoredFrom
        nodes = [Node(tokens: [], start: 0, parent: nil, needsOutput: [])]
        paths = []
        for (index, sequence) in sequences.enumerated() {
            precondition(!sequence.isEmpty && (1...sequence.count).contains(scoredFrom[index]))
            paths.append(insert(sequence, scoredFrom: scoredFrom[index]))
        }
    }

    /// Tokens the model must evaluate: each trie position that some sequence extends past.
    public var minimumTokens: Int { nodes.reduce(0) { $0 + $1.evaluatedCount } }

    /// Tokens evaluated when every sequence is scored on its own (each sequence but its last token).
    public var tokensWithoutSharing: Int { sequences.reduce(0) { $0 + $1.count - 1 } }

    /// Where position `position` of sequence `sequence` lies: its node and offset in that node.
    public func locate(sequence: Int, position: Int) -> (node: Int, offset: Int) {
        for node in paths[sequence] {
            let n = nodes[node]
            if position < n.start + n.tokens.count, position >= n.start {
                return (node, position - n.start)
            }
        }
        preconditionFailure("position \(position) is outside sequence \(sequence)")
    }

    private mutating func insert(_ sequence: [Int32], scoredFrom: Int) -> [Int] {
        var path = [0]
        var current = 0
        var position = 0
        while position < sequence.count {
            // Descend to the child that starts with the next token, or create it.
            guard let child = nodes[current].children.first(where: { nodes[$0].tokens[0] == sequence[position] })
            else {
                let child = nodes.count
                nodes.append(
                    Node(
                        tokens: Array(sequence[position...]), start: position, parent: current,
                        needsOutput: Array(repeating: false, count: sequence.count - position)))
                nodes[current].children.append(child)
                markOutputs(child, sequence: sequence, scoredFrom: scoredFrom)
                path.append(child)
                return path
            }
            // Match as much of the child's tokens as possible; split it where the sequence leaves it.
            let tokens = nodes[child].tokens
            var matched = 1
            while matched < tokens.count, position + matched < sequence.count,
                tokens[matched] == sequence[position + matched]
            {
                matched += 1
            }
            if matched < tokens.count { split(child, at: matched) }
            markOutputs(child, sequence: sequence, scoredFrom: scoredFrom)
            path.append(child)
            current = child
            position += matched
        }
        return path
    }

    /// Splits `node` after `offset` tokens: the node keeps the head, a new child takes the tail
    /// (and the node's children).
    private mutating func split(_ index: Int, at offset: Int) {
        let node = nodes[index]
        let tail = Node(
            tokens: Array(node.tokens[offset...]), start: node.start + offset, parent: index,
            children: node.children, needsOutput: Array(node.needsOutput[offset...]))
        let tailIndex = nodes.count
        nodes.append(tail)
        for child in tail.children { nodes[child].parent = tailIndex }
        nodes[index].tokens = Array(node.tokens[..<offset])
        nodes[index].needsOutput = Array(node.needsOutput[..<offset])
        nodes[index].children = [tailIndex]
        // Sequences already inserted that ran past the split point now also run through the tail.
        for s in paths.indices {
            if let i = paths[s].firstIndex(of: index), sequences[s].count > node.start + offset {
                paths[s].insert(tailIndex, at: i + 1)
            }
        }
    }

    /// Marks the positions of `node` whose output scores a token of `sequence`.
    private mutating func markOutputs(_ index: Int, sequence: [Int32], scoredFrom: Int) {
        let start = nodes[index].start
        let end = min(sequence.count, start + nodes[index].tokens.count)
        guard end > start else { return }
        for position in start..<end where position + 1 >= scoredFrom && position + 1 < sequence.count {
            nodes[index].needsOutput[position - start] = true
        }
    }
}
