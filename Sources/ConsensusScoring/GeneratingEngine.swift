/// Anything that can sample text from a language model: the in-process llama.cpp engine, or a
/// fixture in tests. Separate from ``ScoringEngine`` because not every scorer can generate.
///
/// Implementations must be safe to call from concurrent tasks, and must leave their scoring
/// state as it was: a generation between two scorings does not change the scores.
public protocol GeneratingEngine: Sendable {
    /// What model this engine runs, for reports and cache keys.
    var model: ModelDescription { get }

    /// Samples `request.samples` continuations of `request.prompt` (and a greedy one when
    /// `request.includesGreedy`), all from one evaluation of the prompt.
    /// - Throws: ``ScoringError`` when the prompt is too long or the engine fails.
    func generate(_ request: GenerationRequest) async throws -> GenerationResult
}

/// One prompt to continue, k times, with seeded sampling.
///
/// Sample i draws its random numbers from its own generator, seeded from (`seed`, i), so what
/// it draws does not depend on the other samples. The same request to the same engine and model
/// gives the same samples.
public struct GenerationRequest: Sendable, Hashable, Codable {
    /// The text to continue.
    public var prompt: String
    /// How many sampled continuations (k).
    public var samples: Int
    /// Softmax temperature of the sampled continuations; 0 is greedy (argmax).
    public var temperature: Double
    /// Nucleus sampling: draw from the smallest set of most likely tokens whose probability
    /// reaches `topP` (1 = the whole vocabulary).
    public var topP: Double
    /// Seed of the sampling.
    public var seed: UInt64
    /// A continuation ends where one of these first appears; the text is cut before it.
    public var stopStrings: [String]
    /// A continuation ends after this many tokens at most.
    public var maxNewTokens: Int
    /// Whether to decode one greedy continuation (temperature 0) too, from the same evaluation
    /// of the prompt.
    public var includesGreedy: Bool

    public init(
        prompt: String, samples: Int, temperature: Double = 0.7, topP: Double = 1, seed: UInt64 = 0,
        stopStrings: [String] = [], maxNewTokens: Int = 256, includesGreedy: Bool = false
    ) {
        self.prompt = prompt
        self.samples = samples
        self.temperature = temperature
        self.topP = topP
        self.seed = seed
        self.stopStrings = stopStrings
        self.maxNewTokens = maxNewTokens
        self.includesGreedy = includesGreedy
    }

    /// Checks the settings; the error quotes the bad value.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw ScoringError(.invalidRequest, message) }
        }
        try check(samples >= 0, "samples must be 0 or more (got \(samples))")
        try check(samples > 0 || includesGreedy, "a generation request needs at least one sample or the greedy continuation")
        try check(temperature >= 0 && temperature.isFinite, "temperature must be 0 or more (got \(temperature))")
        try check(topP > 0 && topP <= 1, "top-p must be in (0, 1] (got \(topP))")
        try check(maxNewTokens >= 1, "max new tokens must be at least 1 (got \(maxNewTokens))")
        try check(!stopStrings.contains(""), "a stop string cannot be empty")
    }

    /// The seed of sample `index`'s own random generator: the `index + 1`-th output of
    /// ``SplitMix64`` seeded with `seed`.
    public func sampleSeed(_ index: Int) -> UInt64 {
        var generator = SplitMix64(seed: seed)
        var value: UInt64 = 0
        for _ in 0...index { value = generator.next() }
        return value
    }
}

/// Why a continuation ended.
public enum StopReason: String, Sendable, Hashable, Codable {
    /// One of the request's stop strings appeared (it is cut from the text).
    case stopString
    /// The model produced an end-of-generation token.
    case endOfText
    /// ``GenerationRequest/maxNewTokens`` tokens were generated.
    case maxTokens
}

/// One generated continuation.
public struct GeneratedText: Sendable, Hashable, Codable {
    /// The continuation's text, cut before the stop string that ended it.
    public var text: String
    /// Every token generated, including those of a stop string, excluding an end-of-generation
    /// token. Empty when a remote server does not report token ids.
    public var tokens: [Int32]
    /// The log-probability of each generated token under the model's distribution (temperature
    /// 1, whole vocabulary), whatever temperature it was sampled at; from a remote server, as the
    /// server reports it.
    public var tokenLogProbabilities: [Double]
    public var stopReason: StopReason

    public init(text: String, tokens: [Int32], tokenLogProbabilities: [Double], stopReason: StopReason) {
        self.text = text
        self.tokens = tokens
        self.tokenLogProbabilities = tokenLogProbabilities
        self.stopReason = stopReason
    }
}

/// The continuations of a ``GenerationRequest``.
public struct GenerationResult: Sendable, Hashable, Codable {
    /// The sampled continuations, in sample order.
    public var samples: [GeneratedText]
    /// The greedy continuation, when the request asked for it.
    public var greedy: GeneratedText?
    /// What the generation cost: tokens evaluated (prompt once, then every generated token),
    /// wall time and `llama_decode` calls.
    public var cost: ScoringCost

    public init(samples: [GeneratedText], greedy: GeneratedText?, cost: ScoringCost) {
        self.samples = samples
        self.greedy = greedy
        self.cost = cost
    }
}
