import Foundation

/// Fake vLLM and SGLang servers over ``ToyModel``, answering in the documented shapes.
enum ToyServers {
    static func json(_ body: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    /// The prompts of a request: token-id lists, or texts tokenized by the toy model.
    static func prompts(_ value: Any?) -> [[Int32]] {
        if let text = value as? String { return [ToyModel.tokenize(text)] }
        if let texts = value as? [String] { return texts.map(ToyModel.tokenize) }
        if let lists = value as? [[Int]] { return lists.map { $0.map(Int32.init) } }
        if let ids = value as? [Int] { return [ids.map(Int32.init)] }
        return []
    }

    /// The sampling requests a fake server received, in order of arrival.
    actor Requests {
        private(set) var bodies: [Data] = []
        func add(_ body: Data) { bodies.append(body) }
    }

    /// vLLM's OpenAI-compatible API; `/tokenize` only when `tokenizes`. Completions without
    /// `echo` sample (``ToyModel/sample(prompt:seed:maxTokens:stop:)``) and are recorded in `samples`.
    static func openAI(echo: ToyModel.Echo = .correct, tokenizes: Bool = true, samples: Requests? = nil) -> FakeServer.Handler {
        { method, path, body in
            switch (method, path) {
            case ("POST", "/v1/completions") where json(body)["echo"] as? Bool != true:
                await samples?.add(body)
                let request = json(body)
                let sample = ToyModel.sample(
                    prompt: request["prompt"] as? String ?? "", seed: (request["seed"] as? Int).map(Int64.init),
                    maxTokens: request["max_tokens"] as? Int ?? 16, stop: request["stop"] as? [String] ?? [])
                let choice: [String: Any] = [
                    "index": 0, "text": sample.text, "finish_reason": sample.finish,
                    "stop_reason": sample.matched.flatMap { $0 as? String } ?? NSNull(),
                    "logprobs": [
                        "tokens": sample.tokens.map { "token_id:\($0)" }, "token_logprobs": sample.logProbabilities,
                        "top_logprobs": sample.logProbabilities.map { _ in [String: Double]() },
                    ] as [String: Any],
                ]
                return .json(["id": "cmpl-2", "object": "text_completion", "model": "toy", "choices": [choice]])
            case ("GET", "/v1/models"):
                return .json(["object": "list", "data": [["id": "toy", "object": "model", "owned_by": "test", "max_model_len": 512]]])
            case ("POST", "/tokenize") where tokenizes:
                let prompt = json(body)["prompt"] as? String ?? ""
                let tokens = ToyModel.tokenize(prompt)
                return .json(["count": tokens.count, "max_model_len": 512, "tokens": tokens.map(Int.init)])
            case ("POST", "/v1/completions"):
                let choices = prompts(json(body)["prompt"]).enumerated().map { index, tokens -> [String: Any] in
                    let values = ToyModel.echo(tokens, echo)
                    let logprobs: Any =
                        echo == .missing
                        ? NSNull()
                        : [
                            "tokens": tokens.map { "t\($0)" },
                            "token_logprobs": values.map { $0 ?? NSNull() as Any },
                            "top_logprobs": values.enumerated().map { i, v in v.map { ["t\(tokens[i])": $0] as Any } ?? NSNull() },
                            "text_offset": tokens.indices.map { $0 * 4 },
                        ] as [String: Any]
                    return ["index": index, "text": "", "logprobs": logprobs, "finish_reason": "length"]
                }
                return .json(["id": "cmpl-1", "object": "text_completion", "model": "toy", "choices": choices])
            default:
                return .json(["detail": "Not Found"], status: 404)
            }
        }
    }

    /// SGLang's native API with `/tokenize` (when `tokenizes`). `/generate` without
    /// `logprob_start_len` samples, recorded in `samples`.
    static func sglang(tokenizes: Bool = true, samples: Requests? = nil) -> FakeServer.Handler {
        { method, path, body in
            switch (method, path) {
            case ("POST", "/generate") where json(body)["logprob_start_len"] == nil:
                await samples?.add(body)
                let request = json(body)
                let parameters = request["sampling_params"] as? [String: Any] ?? [:]
                let sample = ToyModel.sample(
                    prompt: request["text"] as? String ?? "", seed: (parameters["sampling_seed"] as? Int).map(Int64.init),
                    maxTokens: parameters["max_new_tokens"] as? Int ?? 128, stop: parameters["stop"] as? [String] ?? [])
                var finish: [String: Any] = ["type": sample.finish]
                if let matched = sample.matched { finish["matched"] = matched }
                let meta: [String: Any] = [
                    "finish_reason": finish,
                    "output_token_logprobs": zip(sample.logProbabilities, sample.tokens).map { [$0, Int($1), NSNull()] as [Any] },
                ]
                return .json(["text": sample.text, "meta_info": meta])
            case ("GET", "/get_model_info"):
                return .json(["model_path": "toy", "tokenizer_path": "toy", "is_generation": true])
            case ("POST", "/tokenize") where tokenizes:
                let prompt = json(body)["prompt"] as? String ?? ""
                return .json(["tokens": ToyModel.tokenize(prompt).map(Int.init), "count": 0])
            case ("POST", "/generate"):
                let request = json(body)
                let labels = (request["token_ids_logprob"] as? [Int])?.map(Int32.init)
                let items = prompts(request["input_ids"] ?? request["text"]).map { tokens -> [String: Any] in
                    var meta: [String: Any] = [
                        "prompt_tokens": tokens.count,
                        "input_token_logprobs": tokens.indices.map { i -> [Any] in
                            [i == 0 ? NSNull() : ToyModel.logProbability(tokens[i], after: tokens[..<i]), Int(tokens[i]), NSNull()]
                        },
                        "input_top_logprobs": tokens.indices.map { i -> Any in
                            i == 0 ? NSNull() : [[ToyModel.logProbability(tokens[i], after: tokens[..<i]), Int(tokens[i]), NSNull()]]
                        },
                    ]
                    if let labels {
                        meta["input_token_ids_logprobs"] = tokens.indices.map { i -> Any in
                            i == 0 ? NSNull() : labels.map { [ToyModel.logProbability($0, after: tokens[..<i]), Int($0), NSNull()] }
                        }
                    }
                    return ["text": "", "meta_info": meta]
                }
                return .json(items)
            default:
                return .json(["detail": "Not Found"], status: 404)
            }
        }
    }
}
