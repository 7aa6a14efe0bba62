import ConsensusScoring
import Foundation
import NIOHTTP1

/// vLLM's token-in-token-out route, `POST /inference/v1/generate` (served with
/// `--enable-scale-out`), which takes vLLM's own sampling parameters: prompt log-probabilities
/// with the prefix cache *read* (`skip_reading_prefix_cache: false`), which `/v1/completions`
/// never does for a request that asks for them. A prompt that shares a cached prefix with one
/// scored before is computed from the end of that prefix's last full KV block.
///
/// vLLM computes the entries of the uncached part only: entry j (token j given the tokens before
/// it) is valid when j > `usage.prompt_tokens_details.cached_tokens`; the entries before are
/// left as whatever memory held (measured on vLLM 0.32: the values of an earlier request). A
/// prompt whose reads start inside its cached prefix is therefore asked again without the cache.
/// So is one whose answer vLLM cannot write: those stale entries can hold an infinity or a NaN,
/// which its JSON encoder refuses (HTTP 400, "Out of range float values are not JSON
/// compliant"); the tokens computed for that refused request are not reported, so not counted.
/// The ids after the prompt come from the one generated position, restricted to them
/// (`allowed_token_ids`; log-probabilities are taken before that restriction).
struct VLLMTokenRoute: Sendable {
    let http: RemoteHTTP
    static let path = "/inference/v1/generate"

    struct Request: Encodable {
        struct Sampling: Encodable {
            var max_tokens = 1
            var temperature = 0.0
            var detokenize = false
            var prompt_logprobs = 0
            var logprobs: Int
            var logprob_token_ids: [Int32]
            var allowed_token_ids: [Int32]
            var skip_reading_prefix_cache: Bool
        }
        var model: String
        var token_ids: [Int32]
        var sampling_params: Sampling
        var output_mode = "tokens"
    }

    struct Response: Decodable {
        struct Entry: Decodable { var logprob: Double }
        struct Choice: Decodable {
            struct LogProbs: Decodable {
                struct Content: Decodable {
                    struct Top: Decodable {
                        var token_id: Int32
                        var logprob: Double
                    }
                    var top_logprobs: [Top]
                }
                var content: [Content]
            }
            var logprobs: LogProbs?
        }
        struct Usage: Decodable {
            struct Details: Decodable { var cached_tokens: Int? }
            var prompt_tokens: Int
            var prompt_tokens_details: Details?
        }
        var prompt_logprobs: [[String: Entry]?]?
        var choices: [Choice]
        var usage: Usage?
    }

    /// One prompt's echo (entries before `cached + 1` are nil), the ids after it, the prompt
    /// tokens vLLM computed for it and the requests it took (2 when asked again).
    struct Answer: Sendable {
        var echo: [Double?]
        var next: [Int32: Double]
        var computed: Int
        var requests = 1
    }

    /// `prompt` read from position `firstRead` on (and its `next` ids), from the cache when vLLM's
    /// cached prefix ends before `firstRead`, else once more without the cache.
    func read(_ prompt: EchoPlan.Prompt, firstRead: Int, model: String) async throws -> Answer {
        let cached = try await send(prompt, model: model, cache: true)
        if let cached, cached.echo.indices.allSatisfy({ $0 < firstRead || cached.echo[$0] != nil }) { return cached }
        guard var again = try await send(prompt, model: model, cache: false) else {
            throw ScoringError(.engineFailure, "\(http.settings.baseURL)\(Self.path) could not write prompt log-probabilities computed without its cache")
        }
        again.computed += cached?.computed ?? 0
        again.requests = 2
        return again
    }

    /// The answer to one prompt; nil when vLLM, reading its cache, could not write the answer.
    private func send(_ prompt: EchoPlan.Prompt, model: String, cache: Bool) async throws -> Answer? {
        let url = http.settings.baseURL + Self.path
        let request = Request(
            model: model, token_ids: prompt.tokens,
            sampling_params: .init(
                logprobs: prompt.next.count, logprob_token_ids: prompt.next, allowed_token_ids: prompt.next, skip_reading_prefix_cache: !cache))
        let (status, data) = try await http.send(.POST, Self.path, body: try JSONEncoder().encode(request))
        guard (200..<300).contains(status) else {
            if status == 400, RemoteHTTP.message(in: data).contains("Out of range float values") { return nil }
            throw RemoteHTTP.unexpected(status, data, url: url)
        }
        let response = try http.decode(Response.self, from: data, path: Self.path)
        guard let entries = response.prompt_logprobs, entries.count == prompt.tokens.count else {
            throw RemoteHTTP.malformed(url, "\(response.prompt_logprobs?.count ?? 0) prompt log-probabilities for \(prompt.tokens.count) tokens")
        }
        guard let usage = response.usage, let cachedTokens = cache ? usage.prompt_tokens_details?.cached_tokens : 0 else {
            throw RemoteHTTP.malformed(url, "no \"usage.prompt_tokens_details.cached_tokens\" (start vLLM with --enable-prompt-tokens-details)")
        }
        let echo = prompt.tokens.indices.map { j -> Double? in
            guard j > cachedTokens, let entry = entries[j] else { return nil }
            return entry[String(prompt.tokens[j])]?.logprob
        }
        var next: [Int32: Double] = [:]
        for top in response.choices.first?.logprobs?.content.first?.top_logprobs ?? [] { next[top.token_id] = top.logprob }
        return Answer(echo: echo, next: next, computed: usage.prompt_tokens - cachedTokens)
    }

    /// Whether the server offers the route as used here: 404 or 403 (scale-out disabled) mean no.
    func available(model: String, probe: [Int32]) async throws -> Bool {
        let request = Request(
            model: model, token_ids: probe,
            sampling_params: .init(logprobs: 1, logprob_token_ids: [probe[0]], allowed_token_ids: [probe[0]], skip_reading_prefix_cache: true))
        let (status, data) = try await http.send(.POST, Self.path, body: try JSONEncoder().encode(request))
        guard (200..<300).contains(status) else { return false }
        return (try? JSONDecoder().decode(Response.self, from: data))?.prompt_logprobs?.count == probe.count
    }
}
