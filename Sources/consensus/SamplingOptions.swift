import ArgumentParser
import ConsensusEvaluation

/// How `eval` samples chains of thought for the open-ended tasks.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Chains sampled per item (k).") var samples: Int = 20
    @Option(help: "Sampling temperature.") var temperature: Double = 0.7
    @Option(help: "Nucleus sampling: keep the most likely tokens up to this probability (1 = all).") var topP: Double = 1
    @Option(help: "The longest chain, in tokens.") var maxNewTokens: Int = 256
    @Option(help: "Seed of the chains (each item's seed also depends on its id).") var generationSeed: UInt64 = 0
    @Option(help: "The few-shot chain-of-thought prompt: math-cot, or a JSON file.") var chainPrompt: String = "math-cot"

    func validate() throws {
        if samples < 2 { throw ValidationError("--samples must be at least 2 (got \(samples)): the game ranks two or more chains") }
        if !(temperature > 0) || !temperature.isFinite { throw ValidationError("--temperature must be above 0 (got \(temperature)); greedy decoding is always reported") }
        if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1] (got \(topP))") }
        if maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1 (got \(maxNewTokens))") }
    }

    func settings() throws -> OpenEndedSettings {
        var s = OpenEndedSettings()
        s.samples = samples
        s.temperature = temperature
        s.topP = topP
        s.maxNewTokens = maxNewTokens
        s.seed = generationSeed
        s.prompt = try ChainPrompt.resolve(chainPrompt)
        return s
    }
}
