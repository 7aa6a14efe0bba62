/// One log-likelihood request: how likely the model is to continue `prompt` with `continuation`.
///
/// The text is split into tokens as lm-evaluation-harness does it: trailing whitespace of the
/// prompt moves to the start of the continuation, the whole string is encoded once, and the
/// continuation is what follows the separately encoded prompt.
///
/// A prompt built from a chat template carries its ``parts``: the template's markup and the
/// text written into it. Its tokens are then the parts' tokens laid end to end (special-token
/// text parsed in markup only), followed by the continuation's own tokens; nothing moves
/// between prompt and continuation (docs/templates.md, "Chat formatting").
public struct ContinuationRequest: Sendable, Hashable, Codable {
    /// The conditioning text (for a chat prompt, its parts' texts joined).
    public var prompt: String
    /// The text whose log-probability is wanted; usually starts with a space.
    public var continuation: String
    /// A chat prompt's parts, whose texts joined are ``prompt``; empty for a plain prompt.
    public var parts: [PromptPart]

    public init(prompt: String, continuation: String) {
        self.prompt = prompt
        self.continuation = continuation
        parts = []
    }

    /// A request whose prompt is `parts` (markup and text), as a chat template lays it out.
    public init(parts: [PromptPart], continuation: String) {
        prompt = parts.map(\.text).joined()
        self.continuation = continuation
        self.parts = parts
    }

    /// Whether the prompt holds chat markup (special-token text to parse).
    public var hasMarkup: Bool { parts.contains(where: \.isMarkup) }

    private enum CodingKeys: String, CodingKey { case prompt, continuation, parts }

    /// Decodes a request; `parts`, added with chat formatting, may be missing (a plain prompt).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try c.decode(String.self, forKey: .prompt)
        continuation = try c.decode(String.self, forKey: .continuation)
        parts = try c.decodeIfPresent([PromptPart].self, forKey: .parts) ?? []
    }

    /// Encodes a request; a plain one without `parts`, as before chat formatting.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prompt, forKey: .prompt)
        try c.encode(continuation, forKey: .continuation)
        if !parts.isEmpty { try c.encode(parts, forKey: .parts) }
    }
}

/// The model's verdict on one continuation.
public struct ContinuationScore: Sendable, Hashable, Codable {
    /// Sum of the continuation tokens' log-probabilities (natural log).
    public var logProbability: Double
    /// The log-probability of each continuation token, in order.
    public var tokenLogProbabilities: [Double]
    /// Number of tokens of the prompt as the model sees it (BOS included when the model adds one).
    public var promptTokenCount: Int
    /// Number of tokens of the continuation.
    public var continuationTokenCount: Int
    /// True when every continuation token is the model's most likely next token.
    public var isGreedy: Bool

    public init(
        logProbability: Double, tokenLogProbabilities: [Double], promptTokenCount: Int,
        continuationTokenCount: Int, isGreedy: Bool
    ) {
        self.logProbability = logProbability
        self.tokenLogProbabilities = tokenLogProbabilities
        self.promptTokenCount = promptTokenCount
        self.continuationTokenCount = continuationTokenCount
        self.isGreedy = isGreedy
    }
}

/// A label request: the log-probability of each label as the text that follows `prompt`.
///
/// A label may span several tokens; its log-probability is then the sum over its tokens, exactly
/// as a ``ContinuationRequest`` with the label as continuation. Write the labels as they follow
/// the prompt, usually with a leading space (`" Yes"`).
public struct LabelRequest: Sendable, Hashable, Codable {
    public var prompt: String
    public var labels: [String]
    /// A chat prompt's parts, whose texts joined are ``prompt`` (``ContinuationRequest/parts``);
    /// empty for a plain prompt.
    public var parts: [PromptPart]

    public init(prompt: String, labels: [String]) {
        self.prompt = prompt
        self.labels = labels
        parts = []
    }

    /// A label request whose prompt is `parts` (markup and text), as a chat template lays it out.
    public init(parts: [PromptPart], labels: [String]) {
        prompt = parts.map(\.text).joined()
        self.labels = labels
        self.parts = parts
    }

    /// The same question as continuation requests, one per label.
    public var continuationRequests: [ContinuationRequest] {
        labels.map {
            parts.isEmpty ? ContinuationRequest(prompt: prompt, continuation: $0) : ContinuationRequest(parts: parts, continuation: $0)
        }
    }

    private enum CodingKeys: String, CodingKey { case prompt, labels, parts }

    /// Decodes a request; `parts` may be missing (a plain prompt).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try c.decode(String.self, forKey: .prompt)
        labels = try c.decode([String].self, forKey: .labels)
        parts = try c.decodeIfPresent([PromptPart].self, forKey: .parts) ?? []
    }

    /// Encodes a request; a plain one without `parts`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prompt, forKey: .prompt)
        try c.encode(labels, forKey: .labels)
        if !parts.isEmpty { try c.encode(parts, forKey: .parts) }
    }
}

/// The requests of one question, scored together so that the engine can evaluate every shared
/// prefix once (for Equilibrium-Ranking: 2n generator requests and n label requests).
public struct ScoringGroup: Sendable, Hashable, Codable {
    public var continuations: [ContinuationRequest]
    public var labels: [LabelRequest]

    public init(continuations: [ContinuationRequest] = [], labels: [LabelRequest] = []) {
        self.continuations = continuations
        self.labels = labels
    }

    /// Every request of the group as continuation requests: the continuations first, then each
    /// label request's labels in order.
    public var allContinuationRequests: [ContinuationRequest] {
        continuations + labels.flatMap(\.continuationRequests)
    }
}

/// The scores of a ``ScoringGroup``, in the order of its requests.
public struct GroupScores: Sendable, Hashable, Codable {
    /// One score per continuation request.
    public var continuations: [ContinuationScore]
    /// For each label request, one score per label.
    public var labels: [[ContinuationScore]]
    /// What the group cost the engine.
    public var cost: ScoringCost

    public init(continuations: [ContinuationScore], labels: [[ContinuationScore]], cost: ScoringCost) {
        self.continuations = continuations
        self.labels = labels
        self.cost = cost
    }
}

/// What scoring a group cost.
public struct ScoringCost: Sendable, Hashable, Codable {
    /// Tokens the model evaluated. For a remote engine, what the server reports it evaluated
    /// (`consensus serve` does; vLLM and SGLang do not, and it is 0).
    public var tokensEvaluated: Int
    /// Tokens of the prompts sent to a remote server (0 in-process): what the server was asked
    /// to read, before its own prefix sharing.
    public var tokensSent: Int
    /// The fewest tokens any exact method must evaluate: the positions of the group's prefix trie
    /// that some request extends past (each shared prefix once; the last token of a request
    /// predicts nothing and is never evaluated).
    public var trieMinimumTokens: Int
    /// Tokens of all requests counted separately (prompt + continuation − 1 each): the work of
    /// scoring every request on its own.
    public var tokensWithoutSharing: Int
    /// Wall time spent in the engine, milliseconds.
    public var milliseconds: Double
    /// Calls into the model: `llama_decode` calls in-process, requests for a remote engine.
    public var modelCalls: Int

    public init(
        tokensEvaluated: Int = 0, trieMinimumTokens: Int = 0, tokensWithoutSharing: Int = 0, milliseconds: Double = 0,
        modelCalls: Int = 0, tokensSent: Int = 0
    ) {
        self.tokensEvaluated = tokensEvaluated
        self.tokensSent = tokensSent
        self.trieMinimumTokens = trieMinimumTokens
        self.tokensWithoutSharing = tokensWithoutSharing
        self.milliseconds = milliseconds
        self.modelCalls = modelCalls
    }

    private enum CodingKeys: String, CodingKey {
        case tokensEvaluated, tokensSent, trieMinimumTokens, tokensWithoutSharing, milliseconds, modelCalls
    }

    /// Decodes a cost; `tokensSent`, added later, may be missing (0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tokensEvaluated = try c.decode(Int.self, forKey: .tokensEvaluated)
        tokensSent = try c.decodeIfPresent(Int.self, forKey: .tokensSent) ?? 0
        trieMinimumTokens = try c.decode(Int.self, forKey: .trieMinimumTokens)
        tokensWithoutSharing = try c.decode(Int.self, forKey: .tokensWithoutSharing)
        milliseconds = try c.decode(Double.self, forKey: .milliseconds)
        modelCalls = try c.decode(Int.self, forKey: .modelCalls)
    }

    public static func + (a: ScoringCost, b: ScoringCost) -> ScoringCost {
        ScoringCost(
            tokensEvaluated: a.tokensEvaluated + b.tokensEvaluated,
            trieMinimumTokens: a.trieMinimumTokens + b.trieMinimumTokens,
            tokensWithoutSharing: a.tokensWithoutSharing + b.tokensWithoutSharing,
            milliseconds: a.milliseconds + b.milliseconds,
            modelCalls: a.modelCalls + b.modelCalls, tokensSent: a.tokensSent + b.tokensSent)
    }
}
