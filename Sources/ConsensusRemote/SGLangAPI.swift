import ConsensusScoring
import NIOHTTP1

/// SGLang's native API: `POST /generate` with `return_logprob: true, logprob_start_len: 0`
/// gives `meta_info.input_token_logprobs` for every prompt token (the first is null), and
/// `token_ids_logprob` the log-probabilities of chosen tokens (labels) at every position.
/// Token-id prompts (`input_ids`) are sent when the server offers `/tokenize`. Without
/// `logprob_start_len`, `/generate` samples a continuation.
struct SGLangAPI: RemoteAPI {
    let http: RemoteHTTP

    func model(_ modelID: String?) async throws -> ServerModel {
        let (status, data) = try await http.send(.GET, "/get_model_info")
        guard (200..<300).contains(status) else {
            throw RemoteHTTP.unexpected(status, data, url: http.settings.baseURL + "/get_model_info")
        }
        let info = try http.decode(SGLangWire.ModelInfo.self, from: data, path: "/get_model_info")
        if let modelID, modelID != info.model_path {
            throw RemoteHTTP.noSuchModel(modelID, listed: [info.model_path], url: http.settings.baseURL)
        }
        if info.is_generation == false {
            throw ScoringError(.unsupportedModel, "\(http.settings.baseURL) serves \(info.model_path), which is not a generative model")
        }
        return ServerModel(id: info.model_path, details: info.tokenizer_path ?? "", contextLength: nil)
    }

    func tokenize(_ text: String, model: String) async throws -> [Int32]? {
        try await http.tokenize(text, model: model)
    }

    func echo(_ prompts: [RemotePrompt], model: String) async throws -> [EchoedPrompt] {
        let items = try await generate(prompts, labels: nil)
        return items.map { item in
            let entries = item.meta_info.input_token_logprobs ?? []
            let top = item.meta_info.input_top_logprobs ?? []
            let greedy = entries.indices.map { i -> Bool? in
                guard i < top.count, let best = top[i]?.first else { return nil }
                return best.token == entries[i].token
            }
            return EchoedPrompt(logProbabilities: entries.map(\.logProbability), greedy: greedy)
        }
    }

    /// The log-probability of each label token after `prompt`, from one request: the input is
    /// the prompt and one label token, and `token_ids_logprob` asks for every label token at the
    /// last position.
    func labelLogProbabilities(prompt: [Int32], labels: [Int32]) async throws -> [Double] {
        let url = http.settings.baseURL + "/generate"
        let item = try await generate([.tokens(prompt + [labels[0]])], labels: labels)[0]
        guard let rows = item.meta_info.input_token_ids_logprobs, rows.count == prompt.count + 1, let last = rows[prompt.count] else {
            throw RemoteHTTP.malformed(url, "no \"meta_info.input_token_ids_logprobs\" entry for position \(prompt.count)")
        }
        return try labels.map { label in
            guard let value = last.first(where: { $0.token == label })?.logProbability else {
                throw RemoteHTTP.malformed(url, "no log-probability for label token \(label) at position \(prompt.count)")
            }
            return value
        }
    }

    func sample(_ prompt: String, _ sampling: RemoteSampling, model: String) async throws -> RemoteCompletion {
        let request = SGLangWire.SampleRequest(
            text: prompt,
            sampling_params: .init(
                max_new_tokens: sampling.maxNewTokens, temperature: sampling.temperature, top_p: sampling.topP,
                stop: sampling.stopStrings.isEmpty ? nil : sampling.stopStrings, sampling_seed: sampling.wireSeed))
        let url = http.settings.baseURL + "/generate"
        let answer = try await http.post("/generate", request, as: SGLangWire.GenerateResponse.self)
        guard let text = answer.text else { throw RemoteHTTP.malformed(url, "no \"text\" in the answer") }
        let finish = answer.meta_info.finish_reason
        if finish?.type == "abort" {
            throw ScoringError(.engineFailure, "\(url) aborted the sample: \(finish?.message ?? "no reason given")")
        }
        guard let reason = StopReason(finish: finish?.type, matched: finish?.matched) else {
            throw RemoteHTTP.malformed(url, "\"meta_info.finish_reason.type\" is \(finish.map { "\"\($0.type)\"" } ?? "missing")")
        }
        let entries = answer.meta_info.output_token_logprobs ?? []
        return RemoteCompletion(
            text: text, tokens: entries.map(\.token), logProbabilities: entries.map { $0.logProbability ?? -.infinity },
            stopReason: reason
        ).cut(at: sampling.stopStrings)
    }

    private func generate(_ prompts: [RemotePrompt], labels: [Int32]?) async throws -> [SGLangWire.GenerateResponse] {
        var request = SGLangWire.GenerateRequest(
            sampling_params: .init(max_new_tokens: http.settings.maxTokens), token_ids_logprob: labels)
        if case .tokens = prompts.first {
            request.input_ids = prompts.map { if case .tokens(let t) = $0 { t } else { [] } }
        } else {
            request.text = prompts.map { if case .text(let t) = $0 { t } else { "" } }
        }
        let items = try await http.post("/generate", request, as: SGLangWire.GenerateResponses.self).items
        guard items.count == prompts.count else {
            throw RemoteHTTP.malformed(http.settings.baseURL + "/generate", "\(items.count) answers for \(prompts.count) prompts")
        }
        return items
    }
}
