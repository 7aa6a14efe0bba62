public import ConsensusScoring

extension RemoteEngine: GeneratingEngine {
    /// Samples each continuation as a request of its own (`n` = 1), sample i with the seed
    /// `request.sampleSeed(i)` as the in-process engine draws it, and the greedy one at
    /// temperature 0; at most `concurrency` requests are in flight. The server batches them and
    /// evaluates the shared prompt once when its prefix cache is on (vLLM's and SGLang's are by
    /// default). Prompts go as text: the server adds what its prompts begin with.
    ///
    /// The same request gives the same samples when the server honours seeds (vLLM does per
    /// request; SGLang when started with `--enable-deterministic-inference`). `tokensEvaluated`
    /// counts the generated tokens; the server does not say how much of the prompt it evaluated.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        try request.validate()
        let started = ContinuousClock.now
        let samplings = (0..<request.samples).map { i in
            RemoteSampling(
                temperature: request.temperature, topP: request.topP, seed: request.sampleSeed(i),
                stopStrings: request.stopStrings, maxNewTokens: request.maxNewTokens)
        } + (request.includesGreedy ? [RemoteSampling(temperature: 0, topP: 1, seed: nil, stopStrings: request.stopStrings, maxNewTokens: request.maxNewTokens)] : [])
        let api = scorer.api, modelID = scorer.modelID
        // Every request runs to its end before the first failure (in sample order) is thrown, so
        // none is abandoned half-way on the server.
        let outcomes = await withTaskGroup(of: (Int, Result<RemoteCompletion, any Error>).self) { group in
            for (i, sampling) in samplings.enumerated() {
                group.addTask {
                    do { return (i, .success(try await api.sample(request.prompt, sampling, model: modelID))) } catch { return (i, .failure(error)) }
                }
            }
            var outcomes = [Result<RemoteCompletion, any Error>?](repeating: nil, count: samplings.count)
            for await (i, outcome) in group { outcomes[i] = outcome }
            return outcomes.map { $0! }
        }
        let completions = try outcomes.map { try $0.get() }
        let texts = completions.map {
            GeneratedText(text: $0.text, tokens: $0.tokens, tokenLogProbabilities: $0.logProbabilities, stopReason: $0.stopReason)
        }
        let cost = ScoringCost(
            tokensEvaluated: completions.reduce(0) { $0 + $1.logProbabilities.count },
            milliseconds: started.duration(to: .now).milliseconds,
            modelCalls: samplings.count)
        return GenerationResult(
            samples: Array(texts.prefix(request.samples)), greedy: request.includesGreedy ? texts.last : nil, cost: cost)
    }
}
