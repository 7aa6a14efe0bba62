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

    /// The longest prompt first, alone, so that the group's shared prefix (its question) is in
    /// vLLM's prefix cache when the others arrive together.
    private func send(_ plan: EchoPlan, _ api: VLLMTokenRoute) async throws -> PlanAnswers {
        var firstRead = plan.prompts.map(\.tokens.count)
        for case .echo(let x, let position) in plan.reads.joined() { firstRead[x] = min(firstRead[x], position) }
        let jobs = Array(zip(plan.prompts, firstRead))
        let first = try await api.read(jobs[0].0, firstRead: jobs[0].1, model: modelID)
        let rest = try await concurrentMap(Array(jobs.dropFirst())) { try await api.read($0.0, firstRead: $0.1, model: modelID) }
        let answers = [first] + rest
        return PlanAnswers(
            echoes: answers.map(\.echo), greedy: answers.map { $0.echo.map { _ in nil } }, next: answers.map(\.next),
            computed: answers.reduce(0) { $0 + $1.computed }, calls: answers.reduce(0) { $0 + $1.requests })
    }
}
