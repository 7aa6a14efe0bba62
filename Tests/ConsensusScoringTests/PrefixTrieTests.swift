import Testing

@testable import ConsensusScoring

@Suite("PrefixTrie")
struct PrefixTrieTests {
    /// Brute force: the distinct prefixes that some sequence extends past.
    static func bruteForceMinimum(_ sequences: [[Int32]]) -> Int {
        var prefixes = Set<[Int32]>()
        for s in sequences where s.count > 1 {
            for p in 0..<(s.count - 1) { prefixes.insert(Array(s[...p])) }
        }
        return prefixes.count
    }

    /// Every position of every sequence is found where the trie says it is, and outputs are
    /// marked exactly where a scored token follows.
    static func checkLayout(_ trie: PrefixTrie) {
        for (i, s) in trie.sequences.enumerated() {
            for p in s.indices {
                let (node, offset) = trie.locate(sequence: i, position: p)
                #expect(trie.nodes[node].tokens[offset] == s[p])
                if p + 1 >= trie.scoredFrom[i], p + 1 < s.count {
                    #expect(trie.nodes[node].needsOutput[offset], "sequence \(i) position \(p) needs output")
                }
            }
        }
        // No output is requested that no sequence needs.
        for (n, node) in trie.nodes.enumerated() {
            for (offset, needed) in node.needsOutput.enumerated() where needed {
                let position = node.start + offset
                let users = trie.sequences.indices.filter { i in
                    trie.paths[i].contains(n) && position + 1 >= trie.scoredFrom[i] && position + 1 < trie.sequences[i].count
                }
                #expect(!users.isEmpty, "node \(n) offset \(offset) marked without a user")
            }
        }
    }

    @Test func sharedPrefixIsCountedOnce() {
        let prefix: [Int32] = Array(1...60)
        let sequences = (0..<12).map { prefix + [Int32(100 + $0), Int32(200 + $0), 7] }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: Array(repeating: 60, count: 12))
        #expect(trie.minimumTokens == 60 + 12 * 2)
        #expect(trie.tokensWithoutSharing == 12 * 62)
        #expect(trie.minimumTokens == Self.bruteForceMinimum(sequences))
        Self.checkLayout(trie)
    }

    @Test func sequenceThatIsAPrefixOfAnother() {
        let sequences: [[Int32]] = [[1, 2, 3], [1, 2, 3, 4, 5], [1, 2]]
        let trie = PrefixTrie(sequences: sequences, scoredFrom: [1, 3, 1])
        #expect(trie.minimumTokens == 4)  // positions 0..3 of the longest
        Self.checkLayout(trie)
    }

    @Test func duplicatesShareEverything() {
        let sequences: [[Int32]] = [[5, 6, 7], [5, 6, 7], [5, 6, 8]]
        let trie = PrefixTrie(sequences: sequences, scoredFrom: [2, 2, 2])
        #expect(trie.minimumTokens == 2)
        #expect(trie.paths[0] == trie.paths[1])
        Self.checkLayout(trie)
    }

    @Test func singleTokenLabelsNeedNoEvaluationOfTheirOwn() {
        // A discriminator prompt followed by the labels " Yes" (9) and " No" (10).
        let prompt: [Int32] = [1, 2, 3, 4]
        let trie = PrefixTrie(sequences: [prompt + [9], prompt + [10]], scoredFrom: [4, 4])
        #expect(trie.minimumTokens == 4)
        let (node, offset) = trie.locate(sequence: 0, position: 3)
        #expect(trie.nodes[node].needsOutput[offset])
        Self.checkLayout(trie)
    }

    @Test(arguments: 0..<40)
    func randomGroupsMatchBruteForce(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let count = 1 + Int(rng.next() % 12)
        var sequences: [[Int32]] = []
        var scoredFrom: [Int] = []
        for _ in 0..<count {
            let length = 1 + Int(rng.next() % 9)
            let s = (0..<length).map { _ in Int32(rng.next() % 3) }
            sequences.append(s)
            scoredFrom.append(1 + Int(rng.next() % UInt64(length)))
        }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: scoredFrom)
        #expect(trie.minimumTokens == Self.bruteForceMinimum(sequences))
        Self.checkLayout(trie)
        // Children of a node start with distinct tokens (a radix trie).
        for node in trie.nodes {
            let firsts = node.children.map { trie.nodes[$0].tokens[0] }
            #expect(Set(firsts).count == firsts.count)
        }
    }
}
