/// A prompt as sent to a server: token ids when the server tokenizes for us, else text.
enum RemotePrompt: Sendable, Hashable {
    case tokens([Int32])
    case text(String)
}

/// A server's echo of one prompt: for each of its tokens, the log-probability given the tokens
/// before it (nil for the first token, which nothing predicts) and whether it was the most
/// likely token there (nil when the server did not say).
struct EchoedPrompt: Sendable, Hashable {
    var logProbabilities: [Double?]
    var greedy: [Bool?]
    /// Tokens the server says it evaluated for the request this prompt came in, counted on the
    /// request's first prompt (0 on the others); nil when the server does not say.
    var evaluatedByServer: Int? = nil
}

/// What a server's model says about itself, for reports and the score cache's key.
struct ServerModel: Sendable, Hashable {
    var id: String
    /// Whatever else the server reports (owner, root, path, maximum length), as text.
    var details: String
    var contextLength: Int?
}

/// The part of a remote engine that speaks one server's API.
protocol RemoteAPI: Sendable {
    /// The model the server runs (`modelID` when given, else the first it lists).
    func model(_ modelID: String?) async throws -> ServerModel
    /// The tokens of `text` as the server encodes a prompt; nil when it offers no tokenizer.
    func tokenize(_ text: String, model: String) async throws -> [Int32]?
    /// The server's echo of each prompt, in order.
    func echo(_ prompts: [RemotePrompt], model: String) async throws -> [EchoedPrompt]
    /// One sampled continuation of `prompt` (text, so the server adds what its own prompts begin with).
    func sample(_ prompt: String, _ sampling: RemoteSampling, model: String) async throws -> RemoteCompletion
}
