import Foundation

extension ToyServers {
    /// vLLM's OpenAI API (``openAI(echo:tokenizes:samples:)``) that also honours
    /// `logprob_token_ids`: with `echo` and `max_tokens: 1`, each choice echoes its prompt and
    /// generates one token whose `top_logprobs` entry holds the asked-for ids, keyed `token_id:N`,
    /// as vLLM answers. `bodies` records each such request.
    static func openAIWithNextTokenIDs(bodies: Requests? = nil) -> FakeServer.Handler {
        let openAI = openAI()
        return { method, path, body in
            let request = json(body)
            guard method == "POST", path == "/v1/completions", let ids = request["logprob_token_ids"] as? [Int] else {
                return try await openAI(method, path, body)
            }
            await bodies?.add(body)
            let prompts = prompts(request["prompt"])
            let choices = prompts.enumerated().map { index, tokens -> [String: Any] in
                let values = ToyModel.echo(tokens, .correct)
                let next = Dictionary(uniqueKeysWithValues: ids.map { ("token_id:\($0)", ToyModel.logProbability(Int32($0), after: tokens[...])) })
                let logprobs: [String: Any] = [
                    "tokens": (tokens + [Int32(ids[0])]).map { "token_id:\($0)" },
                    "token_logprobs": values.map { $0 ?? NSNull() as Any } + [next["token_id:\(ids[0])"]!],
                    "top_logprobs": values.enumerated().map { i, v in v.map { ["token_id:\(tokens[i])": $0] as Any } ?? NSNull() } + [next],
                ]
                return ["index": index, "text": "", "logprobs": logprobs, "finish_reason": "length"]
            }
            let sent = prompts.reduce(0) { $0 + $1.count }
            return .json([
                "id": "cmpl-3", "object": "text_completion", "model": "toy", "choices": choices,
                "usage": ["prompt_tokens": sent, "completion_tokens": prompts.count, "total_tokens": sent + prompts.count,
                          "prompt_tokens_details": ["cached_tokens": 0]],
            ])
        }
    }
}

extension ToyServers {
    /// A prefix cache of whole blocks, as vLLM's: a prompt is cached up to the longest whole-block
    /// prefix (short of its last token) that an earlier prompt began with.
    actor BlockCache {
        let block: Int
        private var blocks: Set<[Int32]> = []
        init(block: Int) { self.block = block }

        func read(_ tokens: [Int32], skip: Bool) -> Int {
            var cached = 0
            if !skip {
                while cached + block < tokens.count, blocks.contains(Array(tokens[..<(cached + block)])) { cached += block }
            }
            for end in stride(from: block, through: tokens.count, by: block) { blocks.insert(Array(tokens[..<end])) }
            return cached
        }
    }

    /// ``openAIWithNextTokenIDs(bodies:)`` plus vLLM's token route, `POST /inference/v1/generate`,
    /// answering as vLLM 0.32 does: `prompt_logprobs` with entries up to the cached prefix left as
    /// stale memory (here −0.5, which the engine must never read), the allowed ids' log-probabilities
    /// at the generated position, and `cached_tokens`. `bodies` records each token-route request.
    /// With `unwritableStale`, a request that read the cache is refused as vLLM refuses one whose
    /// stale entries hold an infinity (HTTP 400, its JSON encoder's message).
    static func openAIWithTokenRoute(block: Int = 4, unwritableStale: Bool = false, bodies: Requests? = nil) -> FakeServer.Handler {
        let openAI = openAIWithNextTokenIDs()
        let cache = BlockCache(block: block)
        return { method, path, body in
            guard method == "POST", path == "/inference/v1/generate" else { return try await openAI(method, path, body) }
            await bodies?.add(body)
            let request = json(body)
            let tokens = ((request["token_ids"] as? [Int]) ?? []).map(Int32.init)
            let sampling = request["sampling_params"] as? [String: Any] ?? [:]
            let ids = ((sampling["logprob_token_ids"] as? [Int]) ?? []).map(Int32.init)
            let cached = await cache.read(tokens, skip: sampling["skip_reading_prefix_cache"] as? Bool ?? true)
            if unwritableStale, cached > 0 {
                return .json(["error": ["message": "Out of range float values are not JSON compliant", "type": "BadRequestError", "code": 400]], status: 400)
            }
            let entries: [Any] = tokens.indices.map { j -> Any in
                j == 0 ? NSNull() : ["\(tokens[j])": ["logprob": j <= cached ? -0.5 : ToyModel.logProbability(tokens[j], after: tokens[..<j]), "rank": 1]]
            }
            let top = ids.map { ["token_id": Int($0), "logprob": ToyModel.logProbability($0, after: tokens[...]), "rank": 1] as [String: Any] }
            return .json([
                "request_id": "toy", "prompt_logprobs": entries,
                "choices": [["index": 0, "token_ids": [Int(ids.first ?? 0)], "logprobs": ["content": [["token_id": Int(ids.first ?? 0), "logprob": 0, "top_logprobs": top]]]]],
                "usage": ["prompt_tokens": tokens.count, "completion_tokens": 1, "total_tokens": tokens.count + 1,
                          "prompt_tokens_details": ["cached_tokens": cached]],
            ])
        }
    }
}
