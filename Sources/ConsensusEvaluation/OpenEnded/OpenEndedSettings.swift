public import ConsensusScoring

/// How an open-ended task samples its candidates (chains of thought, or answers).
///
/// Each task has its defaults (``init(for:)``), chosen before any of its runs and kept fixed:
/// math word problems take the usual self-consistency setting, k = 20 chains at temperature
/// 0.7 of up to 256 tokens; TruthfulQA generation takes k = 10 answers at temperature 0.7 of
/// up to 64 tokens (one line), half the chains because each of its items is scored three times
/// over k candidates with a long prompt (docs/open-ended.md).
public struct OpenEndedSettings: Sendable, Hashable {
    /// Candidates sampled per item (k).
    public var samples = 20
    public var temperature = 0.7
    public var topP = 1.0
    /// The longest sample, in tokens.
    public var maxNewTokens = 256
    /// Each item's samples are drawn with a seed derived from this one and the item's id, so
    /// an item gets the same samples whatever else is selected.
    public var seed: UInt64 = 0
    /// The few-shot prompt.
    public var prompt: ChainPrompt = ChainPrompt.builtIn[0]

    /// The math word problems' defaults (k = 20, 256 tokens, `math-cot`).
    public init() {}

    /// The defaults of `task`.
    public init(for task: BenchmarkTask) {
        if task.isFreeText {
            samples = 10
            maxNewTokens = 64
            prompt = ChainPrompt.builtIn.first { $0.name == "truthfulqa-qa" }!
        }
    }

    /// The generation request of an item: k samples and the greedy one from one prompt.
    public func request(id: String, question: String) -> GenerationRequest {
        GenerationRequest(
            prompt: prompt.prompt(question: question), samples: samples, temperature: temperature, topP: topP,
            seed: Self.seed(seed, id: id), stopStrings: prompt.stop, maxNewTokens: maxNewTokens, includesGreedy: true)
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
