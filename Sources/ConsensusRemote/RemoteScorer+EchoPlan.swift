import ConsensusScoring

/// How an ``EchoPlan``'s prompts are sent.
enum PlanRoute: Sendable {
    /// `/v1/completions` with echo and `logprob_token_ids`, `promptsPerRequest` prompts per request.
    case completions(OpenAICompletionsAPI)
    /// vLLM's token route, one prompt per request, reading the prefix cache (``VLLMTokenRoute``).
    case tokens(VLLMTokenRoute)
}

extension RemoteScorer {
    /// What the prompts of a plan gave: each prompt's echo and the ids after it, the prompt
    /// tokens the server says it computed (nil when it does not say), and the requests made.
    private struct PlanAnswers {
        var echoes: [[Double?]]
        var greedy: [[Bool?]]
        var next: [[Int32: Double]]
        var computed: Int?
        var calls: Int
    }

    /// Scores a tokenized group from the prompts of its ``EchoPlan``.
    func readEchoPlan(_ tokens: [(prompt: [Int32], continuation: [Int32])], _ route: PlanRoute) async throws -> (scores: [ContinuationScore], cost: ScoringCost) {
        let plan = EchoPlan(tokens)
        let answers: PlanAnswers
        let url: String
        switch route {
        case .completions(let api):
            url = settings.baseURL + "/v1/completions"
            answers = try await send(plan, api)
        case .tokens(let api):
            url = settings.baseURL + VLLMTokenRoute.path
            answers = try await send(plan, api)
        }
        let scores = try tokens.indices.map { i in
            var greedy = true
            let values = try plan.reads[i].enumerated().map { k, read -> Double in
                let value: Double?
                switch read {
                case .echo(let x, let position):
                    value = answers.echoes[x][position]
                    greedy = greedy && answers.greedy[x][position] == true
                case .next(let x, let column):
                    value = answers.next[x][plan.prompts[x].next[column]]
                    greedy = false
                }
                guard let value, value.isFinite, value <= 1e-6, value > -9999 else {
                    throw ScoringError(
                        .engineFailure,
                        "\(url) gave no valid log-probability for token \(tokens[i].prompt.count + k) of request \(i + 1) (got \(value.map { "\($0)" } ?? "none"))")
                }
                return value
            }
            return ContinuationScore(
                logProbability: values.reduce(0, +), tokenLogProbabilities: values, promptTokenCount: tokens[i].prompt.count,
                continuationTokenCount: values.count, isGreedy: greedy)
        }
        let trie = PrefixTrie(sequences: tokens.map { $0.prompt + $0.continuation }, scoredFrom: tokens.map(\.prompt.count))
        var cost = ScoringCost(
            tokensEvaluated: answers.computed ?? 0, trieMinimumTokens: trie.minimumTokens, tokensWithoutSharing: trie.tokensWithoutSharing,
            modelCalls: answers.calls)
        cost.tokensSent = plan.prompts.reduce(0) { $0 + $1.tokens.count }
        return (scores, cost)
    }

    private func send(_ plan: EchoPlan, _ api: OpenAICompletionsAPI) async throws -> PlanAnswers {
        let chunks = stride(from: 0, to: plan.prompts.count, by: settings.promptsPerRequest).map {
            Array(plan.prompts[$0..<min($0 + settings.promptsPerRequest, plan.prompts.count)])
        }
        let results = try await concurrentMap(chunks) { chunk in
            try await api.echo(chunk.map(\.tokens), next: Array(Set(chunk.flatMap(\.next))).sorted(), model: modelID)
        }
        let answers = results.flatMap(\.answers)
        let computed = results.compactMap(\.computed)
        return PlanAnswers(
            echoes: answers.map(\.echo.logProbabilities), greedy: answers.map(\.echo.greedy), next: answers.map(\.next),
            computed: computed.count == results.count ? computed.reduce(0, +) : nil, calls: chunks.count)
    }

    /// In two waves: first one prompt of each family that shares a prefix (for a question, the
    /// generator's "correct" prompts, folded into the discriminator's, and its "incorrect" ones),
    /// the longest, so that the family's prefix is in vLLM's prefix cache when the others arrive
    /// together in the second wave.
    private func send(_ plan: EchoPlan, _ api: VLLMTokenRoute) async throws -> PlanAnswers {
        var reads = plan.prompts.map(\.tokens.count)
        for case .echo(let x, let position) in plan.reads.joined() { reads[x] = min(reads[x], position) }
        let firstRead = reads
        let leaders = Self.prefixLeaders(plan.prompts.map(\.tokens))
        let waves = [leaders, plan.prompts.indices.filter { !leaders.contains($0) }]
        var answers = [VLLMTokenRoute.Answer?](repeating: nil, count: plan.prompts.count)
        for wave in waves {
            let read = try await concurrentMap(wave) { x in try await api.read(plan.prompts[x], firstRead: firstRead[x], model: modelID) }
            for (x, answer) in zip(wave, read) { answers[x] = answer }
        }
        let all = answers.compactMap { $0 }
        return PlanAnswers(
            echoes: all.map(\.echo), greedy: all.map { $0.echo.map { _ in nil } }, next: all.map(\.next),
            computed: all.reduce(0) { $0 + $1.computed }, calls: all.reduce(0) { $0 + $1.requests })
    }

    /// The prompts (longest first, as an ``EchoPlan`` lays them out) that do not begin with the
    /// same `shared` tokens as any earlier leader: each the first of its family.
    static func prefixLeaders(_ prompts: [[Int32]], shared: Int = 16) -> [Int] {
        var leaders: [Int] = []
        for (x, tokens) in prompts.enumerated() {
            let joins = leaders.contains { leader in
                zip(prompts[leader], tokens).prefix(shared).allSatisfy { $0 == $1 } && min(prompts[leader].count, tokens.count) >= shared
            }
            if !joins { leaders.append(x) }
        }
        return leaders
    }
}
