/// An engine that also works at the level of tokens: it tokenizes text as it scores it, names
/// its tokens, and predicts every position of token sequences. This is what an OpenAI-style
/// `/v1/completions` with echo needs (`consensus serve` offers it for such an engine, and ranks
/// through any ``ScoringEngine``).
///
/// Implementations must be safe to call from concurrent tasks.
public protocol TokenScoringEngine: ScoringEngine {
    /// The tokens of a request as the engine scores it: the prompt's, then the continuation's.
    func tokenize(_ request: ContinuationRequest) throws -> (prompt: [Int32], continuation: [Int32])
    /// The tokens of `text` as a prompt is encoded (BOS first when the model wants it and
    /// `addSpecialTokens`).
    func tokenize(text: String, addSpecialTokens: Bool) throws -> [Int32]
    /// The text of one token.
    func text(of token: Int32) -> String
    /// The prediction of every token of each sequence from position `scoredFrom[i]` on; a
    /// prediction does not depend on the other sequences of the call.
    func predict(_ sequences: [[Int32]], scoredFrom: [Int]) async throws -> (predictions: [[TokenPrediction]], cost: ScoringCost)
}
