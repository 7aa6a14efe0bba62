import ConsensusRanking
import ConsensusScoring
import Foundation
import Hummingbird

/// `POST /v1/completions`, OpenAI-compatible for scoring: with `echo: true` and `logprobs`
/// (0 or 1) every prompt token gets its log-probability (null for the first, as vLLM does);
/// `max_tokens` 0 scores only, 1 adds the greedy next token. Prompts are a string, a list of
/// strings, a list of token ids, or a list of those. No sampling: this server scores. The
/// sampling fields vLLM clients send (`stop`, `return_tokens_as_token_ids`) are accepted, so that
/// a sampling request is refused for what it asks (`max_tokens` above 1), not for a field name.
struct CompletionsRoute {
    let engine: any TokenScoringEngine
    let batcher: ScoringBatcher
    let settings: ServerSettings

    static let fields = [
        "model", "prompt", "max_tokens", "echo", "logprobs", "temperature", "top_p", "n", "stream", "seed", "user",
        "stop", "return_tokens_as_token_ids",
    ]

    func handle(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: Self.fields)
        try checkModel(body)
        guard let maxTokens = try body.integer("max_tokens") else {
            throw APIError.badField("max_tokens", "is required: OpenAI's default of 16 asks for sampling, which this server does not do; send 0 (score the prompt) or 1 (and its greedy next token)")
        }
        guard (0...1).contains(maxTokens) else {
            throw APIError.badField("max_tokens", "is \(maxTokens); this server does not sample: it scores prompts and generates at most 1 greedy token (use 0 with echo)")
        }
        let logprobs = try body.integer("logprobs")
        if let logprobs, !(0...1).contains(logprobs) {
            throw APIError.badField("logprobs", "is \(logprobs); this server reports the top 1 (use 0 or 1)")
        }
        if let n = try body.integer("n"), n != 1 { throw APIError.badField("n", "is \(n); only 1 is supported") }
        // Accepted and ignored (this server is greedy), but checked like any field.
        _ = try (body.number("temperature"), body.number("top_p"), body.string("user"), body.strings("stop"),
                 body.bool("return_tokens_as_token_ids"))
        try body.checkIntegral("seed")
        if try body.bool("stream") == true { throw APIError.badField("stream", "streaming is not supported") }
        let echo = try body.bool("echo") ?? false
        let prompts = try promptTokens(body)
        // Positions 1… when echoing; the generated token is predicted after an extra, ignored token.
        let sequences = prompts.map { maxTokens == 1 ? $0 + [$0[0]] : $0 }
        let scoredFrom = prompts.map { echo ? 1 : $0.count }
        try checkTokenCap(sequences, scoredFrom: scoredFrom)
        let result = try await batcher.predict(sequences, scoredFrom: scoredFrom)
        var choices: [OpenAIWire.CompletionResponse.Choice] = []
        for (index, tokens) in prompts.enumerated() {
            var predictions = result.predictions[index]
            let generated = maxTokens == 1 ? predictions.removeLast() : nil
            choices.append(choice(index, tokens: tokens, echo: echo, predictions: predictions, generated: generated, logprobs: logprobs))
        }
        let promptCount = prompts.reduce(0) { $0 + $1.count }
        return .json(OpenAIWire.CompletionResponse(
            id: "cmpl-\(UUID().uuidString.lowercased())", object: "text_completion", created: Int(Date().timeIntervalSince1970),
            model: engine.model.name, choices: choices,
            usage: .init(
                prompt_tokens: promptCount, completion_tokens: maxTokens * prompts.count, evaluated_tokens: result.cost.tokensEvaluated)))
    }

    /// One choice: the text (prompt when echoing, then the generated token) and its log-probabilities.
    private func choice(
        _ index: Int, tokens: [Int32], echo: Bool, predictions: [TokenPrediction], generated: TokenPrediction?, logprobs: Int?
    ) -> OpenAIWire.CompletionResponse.Choice {
        var shown: [(token: Int32, prediction: TokenPrediction?)] = []
        if echo { shown = tokens.enumerated().map { ($1, $0 == 0 ? nil : predictions[$0 - 1]) } }
        if let generated {
            shown.append((generated.greedyToken, TokenPrediction(
                logProbability: generated.greedyLogProbability, greedyToken: generated.greedyToken,
                greedyLogProbability: generated.greedyLogProbability)))
        }
        let pieces = shown.map { engine.text(of: $0.token) }
        var values: OpenAIWire.CompletionResponse.LogProbs?
        if let logprobs {
            var offset = 0
            var offsets: [Int] = []
            for piece in pieces {
                offsets.append(offset)
                offset += piece.unicodeScalars.count
            }
            let top: [[String: Double]?] = shown.map { item in
                guard let p = item.prediction else { return nil }
                var entries = [(engine.text(of: item.token), p.logProbability)]
                if logprobs >= 1, p.greedyToken != item.token { entries.append((engine.text(of: p.greedyToken), p.greedyLogProbability)) }
                return Dictionary(entries, uniquingKeysWith: max)
            }
            values = .init(tokens: pieces, token_logprobs: shown.map { $0.prediction?.logProbability }, top_logprobs: top, text_offset: offsets)
        }
        return .init(index: index, text: pieces.joined(), logprobs: values, finish_reason: "length")
    }

    /// The prompts as token ids, checked against the vocabulary and the limits.
    private func promptTokens(_ body: RequestBody) throws -> [[Int32]] {
        guard let prompt = body["prompt"] else { throw APIError.badField("prompt", "is required") }
        let items: [JSONValue]
        switch prompt {
        case .string: items = [prompt]
        case .array(let list) where list.isEmpty: throw APIError.badField("prompt", "is an empty list")
        case .array(let list) where list.allSatisfy({ $0.number != nil }): items = [prompt]
        case .array(let list): items = list
        default: throw APIError.badField("prompt", "must be a string, a list of strings, a list of token ids or a list of those, found \(prompt.typeDescription)")
        }
        if items.count > settings.maxPrompts {
            throw APIError.badField("prompt", "has \(items.count) prompts; this server takes at most \(settings.maxPrompts)")
        }
        let vocabulary = engine.model.vocabularySize
        let prompts = try items.enumerated().map { i, item -> [Int32] in
            let field = items.count == 1 && prompt == item ? "prompt" : "prompt.\(i)"
            let tokens: [Int32]
            switch item {
            case .string(let text):
                do { tokens = try engine.tokenize(text: text, addSpecialTokens: true) } catch var error as ScoringError {
                    error.field = field
                    throw error
                }
            case .array(let ids):
                tokens = try ids.enumerated().map { k, id in
                    guard let x = id.integer, x >= 0, x < vocabulary else {
                        throw APIError.badField("\(field).\(k)", "must be a token id between 0 and \(vocabulary - 1), found \(id.typeDescription)")
                    }
                    return Int32(x)
                }
            default:
                throw APIError.badField(field, "must be a string or a list of token ids, found \(item.typeDescription)")
            }
            guard !tokens.isEmpty else { throw APIError.badField(field, "has no tokens") }
            if tokens.count + 1 > engine.model.contextLength {
                throw APIError.badField(field, "has \(tokens.count) tokens; the context length is \(engine.model.contextLength)")
            }
            return tokens
        }
        return prompts
    }

    /// Refuses (413, `param` "prompt") a request whose sequences' prefix trie has more positions
    /// than the server's cap (``ServerSettings/maxRequestTokens``): the tokens the engine would
    /// evaluate for it, a prefix the prompts share counted once.
    private func checkTokenCap(_ sequences: [[Int32]], scoredFrom: [Int]) throws {
        let cap = settings.requestTokenCap(contextLength: engine.model.contextLength)
        let positions = PrefixTrie(sequences: sequences, scoredFrom: scoredFrom).minimumTokens
        guard positions > cap else { return }
        throw APIError(
            .contentTooLarge,
            "\"prompt\" needs \(positions) token positions evaluated (a prefix the prompts share counted once); this server evaluates at most \(cap) per request (--max-request-tokens)",
            param: "prompt")
    }

    func checkModel(_ body: RequestBody) throws {
        if let model = try body.string("model"), model != engine.model.name {
            throw APIError(.notFound, "The model '\(model)' does not exist; this server runs '\(engine.model.name)'", type: "not_found_error", param: "model")
        }
    }

    /// `POST /tokenize` (vLLM's shape): `{"model", "prompt", "add_special_tokens"}` → `{"count", "max_model_len", "tokens"}`.
    func tokenize(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: ["model", "prompt", "add_special_tokens"])
        try checkModel(body)
        let text = try body.requiredString("prompt")
        let addSpecialTokens = try body.bool("add_special_tokens") ?? true
        let tokens: [Int32]
        do { tokens = try engine.tokenize(text: text, addSpecialTokens: addSpecialTokens) } catch var error as ScoringError {
            error.field = "prompt"
            throw error
        }
        return .json(OpenAIWire.TokenizeResponse(count: tokens.count, max_model_len: engine.model.contextLength, tokens: tokens))
    }

    /// `GET /v1/models`: the one model, with its file's SHA-256.
    static func models(_ m: ModelDescription) -> Response {
        .json(OpenAIWire.ModelList(object: "list", data: [
            .init(id: m.name, object: "model", owned_by: "consensus", root: m.location, max_model_len: m.contextLength, sha256: m.fileHash)
        ]))
    }
}
