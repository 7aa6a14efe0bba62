import ConsensusScoring
import Foundation
import NIOHTTP1

/// vLLM's OpenAI-compatible API: `POST /v1/completions` with `echo: true, logprobs: 1` scores
/// every prompt token (the first entry is null), and without echo samples a continuation;
/// `POST /tokenize` encodes text, when offered.
struct OpenAICompletionsAPI: RemoteAPI {
    let http: RemoteHTTP

    func model(_ modelID: String?) async throws -> ServerModel {
        let (status, data) = try await http.send(.GET, "/v1/models")
        guard (200..<300).contains(status) else {
            throw RemoteHTTP.unexpected(status, data, url: http.settings.baseURL + "/v1/models")
        }
        let list = try http.decode(OpenAIWire.ModelList.self, from: data, path: "/v1/models")
        guard let model = modelID.map({ id in list.data.first { $0.id == id } }) ?? list.data.first else {
            throw RemoteHTTP.noSuchModel(modelID, listed: list.data.map(\.id), url: http.settings.baseURL)
        }
        let details = [model.owned_by, model.root, model.sha256, model.max_model_len.map(String.init)].compactMap { $0 }
        return ServerModel(id: model.id, details: details.joined(separator: " "), contextLength: model.max_model_len)
    }

    func tokenize(_ text: String, model: String) async throws -> [Int32]? {
        try await http.tokenize(text, model: model)
    }

    func echo(_ prompts: [RemotePrompt], model: String) async throws -> [EchoedPrompt] {
        let prompt: OpenAIWire.CompletionRequest.Prompt
        if case .tokens = prompts.first {
            prompt = .tokens(prompts.map { if case .tokens(let t) = $0 { t } else { [] } })
        } else {
            prompt = .texts(prompts.map { if case .text(let t) = $0 { t } else { "" } })
        }
        let request = OpenAIWire.CompletionRequest.echo(model: model, prompt: prompt, maxTokens: http.settings.maxTokens)
        let response = try await http.post("/v1/completions", request, as: OpenAIWire.CompletionResponse.self)
        guard response.choices.count == prompts.count, Set(response.choices.map(\.index)) == Set(prompts.indices) else {
            throw RemoteHTTP.malformed(
                http.settings.baseURL + "/v1/completions",
                "\(response.choices.count) choices for \(prompts.count) prompts")
        }
        let evaluated = response.usage?.evaluated_tokens
        return response.choices.sorted { $0.index < $1.index }.map { choice in
            let reported = evaluated.map { choice.index == 0 ? $0 : 0 }
            guard let logprobs = choice.logprobs else { return EchoedPrompt(logProbabilities: [], greedy: [], evaluatedByServer: reported) }
            // With max_tokens 1 the last entry is the generated token, not part of the prompt.
            let count = logprobs.token_logprobs.count - http.settings.maxTokens
            let values = Array(logprobs.token_logprobs.prefix(max(count, 0)))
            let greedy = values.indices.map { i -> Bool? in
                guard let value = values[i], let top = logprobs.top_logprobs?[i], let best = top.values.max() else { return nil }
                return value >= best - 1e-6
            }
            return EchoedPrompt(logProbabilities: values, greedy: greedy, evaluatedByServer: reported)
        }
    }
}

extension OpenAICompletionsAPI {
    func sample(_ prompt: String, _ sampling: RemoteSampling, model: String) async throws -> RemoteCompletion {
        let request = OpenAIWire.CompletionRequest.sample(
            model: model, prompt: prompt, maxTokens: sampling.maxNewTokens, temperature: sampling.temperature,
            topP: sampling.topP, seed: sampling.wireSeed, stop: sampling.stopStrings.isEmpty ? nil : sampling.stopStrings)
        let url = http.settings.baseURL + "/v1/completions"
        let response = try await http.post("/v1/completions", request, as: OpenAIWire.CompletionResponse.self)
        guard response.choices.count == 1, let choice = response.choices.first else {
            throw RemoteHTTP.malformed(url, "\(response.choices.count) choices for one sample")
        }
        guard let text = choice.text else { throw RemoteHTTP.malformed(url, "no \"text\" in the sample's choice") }
        guard let reason = StopReason(finish: choice.finish_reason, matched: choice.stop_reason) else {
            throw RemoteHTTP.malformed(url, "finish_reason \(choice.finish_reason.map { "\"\($0)\"" } ?? "null") is neither \"stop\" nor \"length\"")
        }
        let values = choice.logprobs?.token_logprobs ?? []
        let tokens = (choice.logprobs?.tokens ?? []).compactMap { $0.hasPrefix("token_id:") ? Int32($0.dropFirst(9)) : nil }
        return RemoteCompletion(
            text: text, tokens: tokens.count == values.count ? tokens : [],
            logProbabilities: values.map { $0 ?? -.infinity }, stopReason: reason
        ).cut(at: sampling.stopStrings)
    }
}

extension RemoteHTTP {
    /// `POST /tokenize` (vLLM's shape); nil when the server has no such route.
    func tokenize(_ text: String, model: String) async throws -> [Int32]? {
        let body = try JSONEncoder().encode(OpenAIWire.TokenizeRequest(model: model, prompt: text))
        let (status, data) = try await send(.POST, "/tokenize", body: body)
        if status == 404 || status == 405 { return nil }
        guard (200..<300).contains(status) else { throw Self.unexpected(status, data, url: settings.baseURL + "/tokenize") }
        return try decode(OpenAIWire.TokenizeResponse.self, from: data, path: "/tokenize").tokens
    }

    static func unexpected(_ status: Int, _ data: Data, url: String) -> ScoringError {
        ScoringError(.invalidRequest, "\(url) answered HTTP \(status): \(message(in: data))")
    }

    static func noSuchModel(_ id: String?, listed: [String], url: String) -> ScoringError {
        ScoringError(
            .modelNotFound,
            id.map { "\(url) does not serve model '\($0)' (it lists \(listed.isEmpty ? "none" : listed.joined(separator: ", ")))" }
                ?? "\(url) lists no model")
    }
}

extension OpenAICompletionsAPI {
    /// What one prompt of an ``EchoPlan`` gave: its echo, and each asked-for id's log-probability
    /// at the position after it.
    struct EchoWithNext: Sendable {
        var echo: EchoedPrompt
        var next: [Int32: Double]
    }

    /// Echoes `prompts` (token ids) with `max_tokens: 1` and `logprob_token_ids`, reading the ids
    /// at the generated position. Also the prompt tokens vLLM says it computed (prompt tokens −
    /// tokens from its prefix cache), nil when it does not say.
    func echo(_ prompts: [[Int32]], next ids: [Int32], model: String) async throws -> (answers: [EchoWithNext], computed: Int?) {
        let url = http.settings.baseURL + "/v1/completions"
        let request = OpenAIWire.CompletionRequest.echo(model: model, prompts: prompts, next: ids)
        let response = try await http.post("/v1/completions", request, as: OpenAIWire.CompletionResponse.self)
        guard response.choices.count == prompts.count, Set(response.choices.map(\.index)) == Set(prompts.indices) else {
            throw RemoteHTTP.malformed(url, "\(response.choices.count) choices for \(prompts.count) prompts")
        }
        let answers = try response.choices.sorted { $0.index < $1.index }.map { choice -> EchoWithNext in
            let n = prompts[choice.index].count
            guard let logprobs = choice.logprobs, logprobs.token_logprobs.count == n + 1,
                let after = logprobs.top_logprobs?[n] ?? nil
            else {
                throw RemoteHTTP.malformed(url, "no log-probabilities for the \(n) prompt tokens and the one generated of choice \(choice.index)")
            }
            let values = Array(logprobs.token_logprobs.prefix(n))
            let greedy = values.indices.map { i -> Bool? in
                guard let value = values[i], let top = logprobs.top_logprobs?[i], let best = top.values.max() else { return nil }
                return value >= best - 1e-6
            }
            var next: [Int32: Double] = [:]
            for (key, value) in after where key.hasPrefix("token_id:") {
                if let id = Int32(key.dropFirst(9)) { next[id] = value }
            }
            return EchoWithNext(echo: EchoedPrompt(logProbabilities: values, greedy: greedy), next: next)
        }
        let computed = response.usage.flatMap { u in u.prompt_tokens_details?.cached_tokens.map { u.prompt_tokens - $0 } }
        return (answers, computed)
    }
}
