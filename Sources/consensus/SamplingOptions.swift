import ArgumentParser
import ConsensusEvaluation

/// How `eval` samples the candidates of the open-ended tasks. Each option defaults to the task's
/// own setting (``OpenEndedSettings/init(for:)``): k = 20 chains of up to 256 tokens with
/// `math-cot` for svamp and gsm8k, k = 10 answers of up to 64 tokens with `truthfulqa-qa` for
/// truthfulqa_gen; temperature 0.7 and top-p 1 for both.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Candidates sampled per item, k (default: 20 for svamp/gsm8k, 10 for truthfulqa_gen).") var samples: Int?
    @Option(help: "Sampling temperature. (default: 0.7)") var temperature: Double?
    @Option(help: "Nucleus sampling: keep the most likely tokens up to this probability, 1 = all. (default: 1)") var topP: Double?
    @Option(help: "The longest sample, in tokens (default: 256 for svamp/gsm8k, 64 for truthfulqa_gen).") var maxNewTokens: Int?
    @Option(help: "Seed of the samples (each item's seed also depends on its id).") var generationSeed: UInt64 = 0
    @Option(help: "The few-shot prompt: math-cot, truthfulqa-qa, or a JSON file (default: the task's).") var chainPrompt: String?

    func validate() throws {
        if let samples, samples < 2 { throw ValidationError("--samples must be at least 2 (got \(samples)): the game ranks two or more candidates") }
        if let temperature, !(temperature > 0) || !temperature.isFinite { throw ValidationError("--temperature must be above 0 (got \(temperature)); greedy decoding is always reported") }
        if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1] (got \(topP))") }
        if let maxNewTokens, maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1 (got \(maxNewTokens))") }
        if let chainPrompt { _ = try ChainPrompt.resolve(chainPrompt) }
    }

    /// `task`'s settings with the options given on the command line.
    func settings(for task: BenchmarkTask) throws -> OpenEndedSettings {
        var s = OpenEndedSettings(for: task)
        if let samples { s.samples = samples }
        if let temperature { s.temperature = temperature }
        if let topP { s.topP = topP }
        if let maxNewTokens { s.maxNewTokens = maxNewTokens }
        s.seed = generationSeed
        if let chainPrompt { s.prompt = try ChainPrompt.resolve(chainPrompt) }
        return s
    }
}
