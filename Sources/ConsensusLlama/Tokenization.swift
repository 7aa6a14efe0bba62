import ConsensusScoring

/// How a (prompt, continuation) request becomes tokens, following lm-evaluation-harness 0.4:
///
/// 1. Trailing whitespace of the prompt moves to the start of the continuation.
/// 2. The prompt is encoded alone, and prompt + continuation is encoded as one string; the
///    continuation's tokens are the whole string's tokens after the prompt's token count. (At a
///    boundary where the two texts would merge into one token, the split follows the harness.)
/// 3. The model input is the prompt's tokens followed by the continuation's.
/// 4. BOS comes first when the model's metadata asks for it (SmolLM2 does not), unlike the
///    harness's Hugging Face backend, which adds none by default; an empty prompt becomes the
///    BOS token alone, as in the harness.
struct Tokenization {
    let model: LlamaModel
    let addBOS: Bool

    func split(_ request: ContinuationRequest) throws -> (prompt: [Int32], continuation: [Int32]) {
        var prompt = Substring(request.prompt)
        var continuation = request.continuation
        let trailing = prompt.reversed().prefix(while: \.isWhitespace).count
        if trailing > 0 {
            continuation = String(prompt.suffix(trailing)) + continuation
            prompt = prompt.dropLast(trailing)
        }
        guard !continuation.isEmpty else {
            throw ScoringError(.emptyContinuation, "the continuation after prompt \(Self.quote(request.prompt)) is empty")
        }
        let promptTokens: [Int32]
        let continuationTokens: [Int32]
        if prompt.isEmpty {
            promptTokens = [model.bos]
            continuationTokens = try model.tokenize(continuation, addBOS: false)
        } else {
            promptTokens = try model.tokenize(String(prompt), addBOS: addBOS)
            let whole = try model.tokenize(String(prompt) + continuation, addBOS: addBOS)
            continuationTokens = Array(whole.dropFirst(promptTokens.count))
        }
        guard !continuationTokens.isEmpty else {
            throw ScoringError(.emptyContinuation, "continuation \(Self.quote(request.continuation)) has no tokens of its own after prompt \(Self.quote(request.prompt))")
        }
        return (promptTokens, continuationTokens)
    }

    static func quote(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\"\(short.replacingOccurrences(of: "\n", with: "\\n"))\""
    }
}
