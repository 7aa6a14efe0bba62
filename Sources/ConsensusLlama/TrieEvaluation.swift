/// What evaluating a group's ``ConsensusScoring/PrefixTrie`` produced: the model's verdicts at
/// every position that needs output, and the work done.
struct TrieEvaluation {
    var predictions: PredictionTable
    /// Tokens the model evaluated (the trie minimum plus any token decoded only to keep a decode
    /// at two or more tokens).
    var tokensEvaluated = 0
    /// `llama_decode` calls.
    var decodes = 0
}
