import ConsensusScoring
import Testing

@testable import ConsensusLlama

/// The cut of a prefix trie into chains (pure logic, no model).
@Suite("TrieChains")
struct TrieChainsTests {
    /// Every evaluated position lies in exactly one chain; a chain's positions are consecutive;
    /// a chain branches off its parent at a position the parent evaluates (or just after it).
    static func check(_ trie: PrefixTrie, _ cut: TrieChains) {
        var seen = Set<[Int]>()
        for (index, chain) in cut.chains.enumerated() {
            #expect(chain.count > 0)
            for (k, item) in chain.items.enumerated() {
                #expect(item.offset < trie.nodes[item.node].evaluatedCount)
                #expect(trie.nodes[item.node].start + item.offset == chain.start + k, "chain \(index) item \(k)")
                #expect(seen.insert([item.node, item.offset]).inserted, "position evaluated twice")
            }
            if let parent = chain.parent {
                let p = cut.chains[parent]
                #expect(chain.start > p.start && chain.start <= p.start + p.count)
                #expect(p.children.contains(index))
                // The positions before the branch point are the parent's path: the node before
                // the chain's first node ends where the chain starts.
                let first = chain.items[0].node
                let above = trie.nodes[first].parent!
                #expect(trie.nodes[above].start + trie.nodes[above].tokens.count == chain.start)
            } else {
                #expect(chain.start == 0)
            }
        }
        let evaluated = trie.nodes.reduce(0) { $0 + $1.evaluatedCount }
        #expect(seen.count == evaluated)
        #expect(evaluated == trie.minimumTokens)
    }

    @Test func aQuestionsGroupNeedsThreeRounds() {
        // A shared passage (0..<20), three prompts, four answers under each; the third prompt's
        // answers are followed by a question and two one-token labels.
        let passage = (0..<20).map { Int32($0) }
        var sequences: [[Int32]] = []
        for prompt in [[100, 101], [200, 201, 202], [300, 301, 302]] as [[Int32]] {
            for answer in 0..<4 {
                let tokens = passage + prompt + [50, Int32(60 + answer), Int32(70 + answer), 9]
                if prompt[0] == 300 {
                    sequences += [tokens + [400, 401, 402, 1], tokens + [400, 401, 402, 2]]
                } else {
                    sequences.append(tokens)
                }
            }
        }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: sequences.map { _ in 22 })
        let cut = TrieChains(trie: trie)
        Self.check(trie, cut)
        #expect(cut.chains.count == 12)
        #expect(cut.depth == 2)
    }

    @Test func aChainFollowsTheDeeperChild() {
        // 0 1 2 then either 3 (a leaf) or 4 5 with two continuations (more branching below).
        let sequences: [[Int32]] = [[0, 1, 2, 3, 9], [0, 1, 2, 4, 5, 6, 9], [0, 1, 2, 4, 5, 7, 9]]
        let trie = PrefixTrie(sequences: sequences, scoredFrom: [1, 1, 1])
        let cut = TrieChains(trie: trie)
        Self.check(trie, cut)
        #expect(cut.depth == 1)  // following the leaf first would need 2
        #expect(cut.chains[0].count == 6)
    }

    @Test func sequencesWithDifferentFirstTokensStartChainsOfTheirOwn() {
        let trie = PrefixTrie(sequences: [[1, 2, 3], [4, 5], [1, 2, 6], [7]], scoredFrom: [1, 1, 1, 1])
        let cut = TrieChains(trie: trie)
        Self.check(trie, cut)
        #expect(cut.chains.filter { $0.parent == nil }.count == 2)  // [7] evaluates nothing
    }

    @Test(arguments: 0..<40)
    func randomGroupsAreCutCompletely(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        func next() -> UInt64 { generator.next() }
        var sequences: [[Int32]] = []
        var scoredFrom: [Int] = []
        for _ in 0..<(1 + Int(next() % 12)) {
            let length = 1 + Int(next() % 12)
            sequences.append((0..<length).map { _ in Int32(next() % 3) })
            scoredFrom.append(1 + Int(next() % UInt64(length)))
        }
        let trie = PrefixTrie(sequences: sequences, scoredFrom: scoredFrom)
        Self.check(trie, TrieChains(trie: trie))
    }
}
