import ConsensusScoring
import Foundation

/// How to reach a remote scoring server and how hard to try. The defaults suit one server on a
/// local network.
public struct RemoteEngineSettings: Sendable, Hashable {
    /// The API a server speaks.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// OpenAI-compatible `/v1/completions` with `echo` and `logprobs` (vLLM, `consensus serve`).
        case openai
        /// SGLang's native `/generate` with `return_logprob`.
        case sglang
    }

    /// The server's base URL, e.g. `http://127.0.0.1:8000` (a trailing `/v1` is dropped).
    public var baseURL: String
    public var kind: Kind
    /// The model id sent with each request; nil takes the first one the server lists.
    public var modelID: String? = nil
    /// Requests in flight at once.
    public var concurrency: Int = 8
    /// Prompts sent in one HTTP request.
    public var promptsPerRequest: Int = 32
    /// Time one HTTP request may take before it is abandoned (and retried).
    public var timeout: Duration = .seconds(120)
    /// Attempts per request: 1 + retries on 429, 5xx, time-outs and dropped connections.
    public var attempts: Int = 4
    /// Wait before the first retry; doubled for each further one (with up to 25 % jitter), or
    /// the server's `Retry-After` when it sends one.
    public var backoff: Duration = .milliseconds(250)
    /// `max_tokens` of scoring requests: 0 scores the prompt only; 1 for servers that refuse 0
    /// (the generated token is then ignored).
    public var maxTokens: Int = 0
    /// Whether to send token-id prompts when the server offers `/tokenize`.
    public var tokenIDPrompts: Bool = true
    /// How groups are scored on an OpenAI-compatible server.
    public enum Route: String, Sendable, Hashable, CaseIterable {
        /// Each group from the fewest prompts (``EchoPlan``): through vLLM's token route, which
        /// reads the prefix cache, when the server offers it, else `/v1/completions` with
        /// `logprob_token_ids`, else plain echo; a route is used only if it gives the echo's
        /// log-probabilities for the start-up check's prompt.
        case auto
        /// Every request echoed on its own through `/v1/completions`.
        case echo
    }

    public var route: Route = .auto

    public init(baseURL: String, kind: Kind) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v1") { url.removeLast(3) }
        self.baseURL = url
        self.kind = kind
    }

    /// Checks the settings.
    /// - Throws: ``SettingsError`` naming the setting (its property name) and its bad value.
    public func validate() throws {
        let url = URL(string: baseURL)
        try SettingsError.check(
            url?.scheme.map { ["http", "https"].contains($0) } == true && url?.host != nil, "baseURL", baseURL,
            "is not an http:// or https:// URL")
        try SettingsError.check(concurrency >= 1, "concurrency", concurrency, "must be at least 1")
        try SettingsError.check(promptsPerRequest >= 1, "promptsPerRequest", promptsPerRequest, "must be at least 1")
        try SettingsError.check(attempts >= 1, "attempts", attempts, "must be at least 1")
        try SettingsError.check(timeout > .zero, "timeout", timeout, "must be above 0")
        try SettingsError.check(maxTokens == 0 || maxTokens == 1, "maxTokens", maxTokens, "must be 0 or 1")
    }
}
