import ConsensusScoring

/// Scores a group on a remote server the way the in-process engine does, following
/// lm-evaluation-harness: trailing whitespace of the prompt moves to the continuation; prompt
/// and prompt + continuation are encoded, and the continuation is what follows the prompt's
/// token count.
///
/// With a server tokenizer (token-id mode), the engine encodes both strings with `/tokenize`,
/// sends the token ids, and slices the echoed log-probabilities at the prompt's token count.
/// Without one (text mode), it sends the prompt text alone and the whole text, and slices the
/// whole's echo at the length of the prompt's echo: the same split, done by the server.
struct RemoteScorer: Sendable {
    let api: any RemoteAPI
    let modelID: String
    let settings: RemoteEngineSettings
    /// Whether prompts go as token ids (the server offers `/tokenize`).
    let tokenIDs: Bool
    /// Scores single-token labels in one request per label request (SGLang's `token_ids_logprob`).
    let labelScorer: (@Sendable (_ prompt: [Int32], _ labels: [Int32]) async throws -> [Double])?
    /// When set, token-id groups are read from their ``EchoPlan`` this way
    /// (RemoteScorer+EchoPlan.swift), not echoed request by request.
    var planRoute: PlanRoute? = nil
    /// The server's context length, when it says: longer requests are refused before sending.
    var contextLength: Int? = nil

    /// A request after the whitespace rule: the text of the prompt and of prompt + continuation.
    private struct Texts: Hashable {
        var prompt: String
        var whole: String
    }

    func score(_ group: ScoringGroup) async throws -> GroupScores {
        let started = ContinuousClock.now
        let requests = group.allContinuationRequests
        // The server would parse special-token text anywhere in the prompt, user text included.
        if let chat = requests.firstIndex(where: \.hasMarkup) {
            throw ScoringError(
                .invalidRequest,
                "request \(chat + 1) of the group is chat-formatted; a remote engine cannot keep special-token text out of the user's text, so it scores plain prompts only")
        }
        let texts = try requests.map(Self.texts)
        let scores: [ContinuationScore]
        var cost = ScoringCost()
        if tokenIDs, let planRoute {
            let tokens = try await encode(texts, requests: requests)
            try checkLengths(tokens)
            let read = try await readEchoPlan(tokens, planRoute)
            scores = read.scores
            cost = read.cost
        } else if tokenIDs {
            let tokens = try await encode(texts, requests: requests)
            try checkLengths(tokens)
            let sequences = tokens.map { $0.prompt + $0.continuation }
            let labelScores = try await scoreLabels(group, tokens: tokens)
            let pending = sequences.indices.filter { labelScores[$0] == nil }
            let (echoes, sent, evaluated) = try await echo(pending.map { .tokens(sequences[$0]) })
            var echoed = Dictionary(uniqueKeysWithValues: zip(pending, echoes))
            scores = try sequences.indices.map { i in
                if let score = labelScores[i] { return score }
                return try Self.slice(echoed.removeValue(forKey: i)!, at: tokens[i].prompt.count, count: sequences[i].count, request: i + 1)
            }
            let trie = PrefixTrie(sequences: sequences, scoredFrom: tokens.map(\.prompt.count))
            cost.trieMinimumTokens = trie.minimumTokens
            cost.tokensWithoutSharing = trie.tokensWithoutSharing
            // Each label request sends its prompt and one label token.
            let labelPrompts = Set(labelScores.map { tokens[$0.key].prompt })
            cost.tokensSent = sent + labelPrompts.reduce(0) { $0 + $1.count + 1 }
            cost.tokensEvaluated = evaluated ?? 0
        } else {
            let prompts = Array(Set(texts.map(\.prompt)))
            let (echoes, sent, evaluated) = try await echo(prompts.map { .text($0) } + texts.map { .text($0.whole) })
            let promptCounts = Dictionary(uniqueKeysWithValues: zip(prompts, echoes.prefix(prompts.count).map(\.logProbabilities.count)))
            scores = try texts.indices.map { i in
                let whole = echoes[prompts.count + i]
                return try Self.slice(whole, at: promptCounts[texts[i].prompt]!, count: nil, request: i + 1)
            }
            cost.tokensSent = sent
            cost.tokensWithoutSharing = echoes.reduce(0) { $0 + max($1.logProbabilities.count - 1, 0) }
            cost.tokensEvaluated = evaluated ?? 0
        }
        let elapsed = started.duration(to: .now)
        cost.milliseconds = elapsed.milliseconds
        return GroupScores(group, scores: scores, cost: cost)
    }

    /// The whitespace rule; an empty prompt or continuation is refused.
    private static func texts(_ request: ContinuationRequest) throws -> Texts {
        var prompt = Substring(request.prompt)
        let trailing = prompt.reversed().prefix(while: \.isWhitespace).count
        prompt = prompt.dropLast(trailing)
        let continuation = String(request.prompt.suffix(trailing)) + request.continuation
        guard !continuation.isEmpty else {
            throw ScoringError(.emptyContinuation, "the continuation after prompt \(ScoringError.quote(request.prompt)) is empty")
        }
        guard !prompt.isEmpty else {
            throw ScoringError(
                .invalidRequest,
                "a remote engine cannot score continuation \(ScoringError.quote(request.continuation)) after an empty prompt (the in-process engine puts the model's BOS token there; remote servers differ)")
        }
        return Texts(prompt: String(prompt), whole: String(prompt) + continuation)
    }

    /// Refuses a request longer than the server's context, naming it, before anything is sent
    /// (vLLM would answer 400, or truncate on some routes).
    private func checkLengths(_ tokens: [(prompt: [Int32], continuation: [Int32])]) throws {
        guard let contextLength else { return }
        for (i, t) in tokens.enumerated() where t.prompt.count + t.continuation.count > contextLength {
            throw ScoringError(
                .requestTooLong,
                "request \(i + 1) of the group has \(t.prompt.count + t.continuation.count) tokens, more than the context length of \(contextLength) that \(settings.baseURL) serves")
        }
    }

    /// Token ids of each request: distinct strings encoded once, concurrently.
    private func encode(_ texts: [Texts], requests: [ContinuationRequest]) async throws -> [(prompt: [Int32], continuation: [Int32])] {
        let strings = Array(Set(texts.flatMap { [$0.prompt, $0.whole] }))
        let encoded = try await concurrentMap(strings) { text in
            guard let tokens = try await api.tokenize(text, model: modelID) else {
                throw ScoringError(.engineFailure, "\(settings.baseURL)/tokenize is no longer available")
            }
            return tokens
        }
        let table = Dictionary(uniqueKeysWithValues: zip(strings, encoded))
        return try texts.enumerated().map { i, text in
            let prompt = table[text.prompt]!
            let continuation = Array(table[text.whole]!.dropFirst(prompt.count))
            guard !continuation.isEmpty else {
                throw ScoringError(
                    .emptyContinuation,
                    "continuation \(ScoringError.quote(requests[i].continuation)) has no tokens of its own after prompt \(ScoringError.quote(requests[i].prompt))")
            }
            return (prompt, continuation)
        }
    }

    /// Scores of label requests whose labels are single tokens, when the API has a label path.
    private func scoreLabels(_ group: ScoringGroup, tokens: [(prompt: [Int32], continuation: [Int32])]) async throws -> [Int: ContinuationScore] {
        guard let labelScorer else { return [:] }
        var jobs: [(indices: [Int], prompt: [Int32], labels: [Int32])] = []
        var next = group.continuations.count
        for request in group.labels {
            let indices = Array(next..<(next + request.labels.count))
            next += request.labels.count
            let prompt = tokens[indices[0]].prompt
            guard indices.allSatisfy({ tokens[$0].prompt == prompt && tokens[$0].continuation.count == 1 }) else { continue }
            jobs.append((indices, prompt, indices.map { tokens[$0].continuation[0] }))
        }
        let values = try await concurrentMap(jobs) { try await labelScorer($0.prompt, $0.labels) }
        var scores: [Int: ContinuationScore] = [:]
        for (job, logProbabilities) in zip(jobs, values) {
            for (index, value) in zip(job.indices, logProbabilities) {
                scores[index] = ContinuationScore(
                    logProbability: value, tokenLogProbabilities: [value], promptTokenCount: job.prompt.count,
                    continuationTokenCount: 1, isGreedy: false)
            }
        }
        return scores
    }

    /// Echoes of `prompts`: identical prompts once, `promptsPerRequest` per HTTP request, the
    /// requests concurrently (the HTTP layer holds the concurrency limit). Also the tokens sent
    /// (the distinct prompts' echoed tokens) and the tokens the server says it evaluated (nil when
    /// it does not say).
    func echo(_ prompts: [RemotePrompt]) async throws -> (echoes: [EchoedPrompt], sent: Int, evaluated: Int?) {
        let distinct = Array(Set(prompts))
        let chunks = stride(from: 0, to: distinct.count, by: settings.promptsPerRequest).map {
            Array(distinct[$0..<min($0 + settings.promptsPerRequest, distinct.count)])
        }
        let answers = try await concurrentMap(chunks) { try await api.echo($0, model: modelID) }.flatMap { $0 }
        let table = Dictionary(uniqueKeysWithValues: zip(distinct, answers))
        let sent = answers.reduce(0) { $0 + $1.logProbabilities.count }
        let reported = answers.compactMap(\.evaluatedByServer)
        return (prompts.map { table[$0]! }, sent, reported.isEmpty ? nil : reported.reduce(0, +))
    }

    /// The continuation's score: the echo's entries from `start` on.
    private static func slice(_ echo: EchoedPrompt, at start: Int, count: Int?, request: Int) throws -> ContinuationScore {
        let values = echo.logProbabilities
        if let count, values.count != count {
            throw ScoringError(
                .engineFailure, "the server echoed \(values.count) log-probabilities for request \(request)'s \(count) tokens")
        }
        guard values.count > start else {
            throw ScoringError(
                .engineFailure, "the server echoed \(values.count) log-probabilities for request \(request), whose prompt alone has \(start) tokens")
        }
        let scored = try values[start...].enumerated().map { k, value in
            guard let value, value.isFinite, value <= 1e-6 else {
                throw ScoringError(
                    .engineFailure, "the server gave no valid log-probability for token \(start + k) of request \(request) (got \(value.map { "\($0)" } ?? "null"))")
            }
            return value
        }
        return ContinuationScore(
            logProbability: scored.reduce(0, +), tokenLogProbabilities: scored, promptTokenCount: start,
            continuationTokenCount: scored.count, isGreedy: echo.greedy[start...].allSatisfy { $0 == true })
    }
}

/// `transform` of every element, concurrently, in order.
func concurrentMap<T: Sendable, U: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) async throws -> U) async throws -> [U] {
    try await withThrowingTaskGroup(of: (Int, U).self) { group in
        for (index, item) in items.enumerated() {
            group.addTask { (index, try await transform(item)) }
        }
        var results = [U?](repeating: nil, count: items.count)
        for try await (index, value) in group { results[index] = value }
        return results.map { $0! }
    }
}
