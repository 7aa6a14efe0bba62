import ConsensusScoring

/// How an open-ended task samples its chains of thought.
public struct OpenEndedSettings: Sendable, Hashable {
    /// Chains per item (k).
    public var samples = 20
    public var temperature = 0.7
    public var topP = 1.0
    /// The longest chain, in tokens.
    public var maxNewTokens = 256
    /// Each item's chains are sampled with a seed derived from this one and the item's id, so
    /// an item gets the same chains whatever else is selected.
    public var seed: UInt64 = 0
    /// The few-shot prompt.
    public var prompt: ChainPrompt = ChainPrompt.builtIn[0]

    public init() {}

    /// The generation request of `item`: k samples and the greedy chain from one prompt.
    public func request(for item: MathItem) -> GenerationRequest {
        GenerationRequest(
            prompt: prompt.prompt(question: item.question), samples: samples, temperature: temperature, topP: topP,
            seed: Self.seed(seed, id: item.id), stopStrings: prompt.stop, maxNewTokens: maxNewTokens, includesGreedy: true)
    }

    /// The first eight bytes of SHA-256 of "seed:id".
    static func seed(_ seed: UInt64, id: String) -> UInt64 {
        SHA256.digest(Array("\(seed):\(id)".utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The settings for reports.
    public var summary: [String: String] {
        [
            "samples": "\(samples)", "temperature": "\(temperature)", "top-p": "\(topP)",
            "max new tokens": "\(maxNewTokens)", "seed": "\(seed)", "chain prompt": prompt.identity,
            "chain prompt hash": prompt.hash,
        ]
    }
}
