import ConsensusScoring

/// Settings of `consensus serve`: where it listens, what it accepts, how it batches.
public struct ServerSettings: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 lets the system choose one (the server reports it once listening).
    public var port: Int = 8080
    /// Largest request body, bytes; larger ones are answered 413.
    public var maxBodyBytes: Int = 1 << 20
    /// Most candidates of one `/v1/rank` or `/v1/solve` request.
    public var maxCandidates: Int = 64
    /// Most prompts of one `/v1/completions` request.
    public var maxPrompts: Int = 128
    /// Most token positions one request may have the engine evaluate: the positions of its
    /// sequences' prefix trie (a prefix they share counts once), that is, its prompts' tokens on
    /// `/v1/completions` and its question's 3n prompts' on `/v1/rank`. Larger requests are
    /// answered 413 before any is evaluated. nil (the default): the served model's context
    /// length (``requestTokenCap(contextLength:)``), so that one request costs the engine at most
    /// one full context (docs/serve.md, "Limits and errors").
    public var maxRequestTokens: Int? = nil
    /// Most solver iterations one request may ask for.
    public var maxIterations: Int = 1_000_000
    /// How long the batcher waits for more requests after the first one arrives.
    public var batchWindow: Duration = .milliseconds(2)
    /// Most token sequences scored in one engine call (a request larger than this runs alone).
    public var maxBatchSequences: Int = 512
    /// Scored sequences remembered; a repeated sequence is answered from memory (0: no cache).
    public var cacheSize: Int = 4096
    /// Requests (`/v1/rank`, `/v1/solve`, `/v1/completions`) worked on at once; the batcher
    /// scores theirs together.
    public var maxConcurrent: Int = 8
    /// Requests that may wait for a turn beyond those; more are answered 503 with `Retry-After`.
    public var maxQueue: Int = 32
    /// The longest a request waits for its turn before it is answered 503.
    public var queueTimeout: Duration = .seconds(30)
    /// When set, every route but `GET /health` requires `Authorization: Bearer <key>` (401 otherwise).
    public var apiKey: String? = nil

    public init() {}

    /// The cap on one request's token positions for a model whose context holds `contextLength`
    /// tokens: ``maxRequestTokens``, or the context length when that is nil.
    public func requestTokenCap(contextLength: Int) -> Int {
        maxRequestTokens ?? contextLength
    }

    /// Checks the settings.
    /// - Throws: ``SettingsError`` naming the setting (its property name) and its bad value.
    public func validate() throws {
        try SettingsError.check((0...65_535).contains(port), "port", port, "must be between 0 and 65535")
        try SettingsError.check(maxBodyBytes >= 1024, "maxBodyBytes", maxBodyBytes, "must be at least 1024 bytes")
        try SettingsError.check(maxCandidates >= 2, "maxCandidates", maxCandidates, "must be at least 2")
        try SettingsError.check(maxPrompts >= 1, "maxPrompts", maxPrompts, "must be at least 1")
        if let maxRequestTokens {
            try SettingsError.check(maxRequestTokens >= 16, "maxRequestTokens", maxRequestTokens, "must be at least 16")
        }
        try SettingsError.check(maxBatchSequences >= 1, "maxBatchSequences", maxBatchSequences, "must be at least 1")
        try SettingsError.check(cacheSize >= 0, "cacheSize", cacheSize, "must be 0 or more")
        try SettingsError.check(maxConcurrent >= 1, "maxConcurrent", maxConcurrent, "must be at least 1")
        try SettingsError.check(maxQueue >= 0, "maxQueue", maxQueue, "must be 0 or more")
        try SettingsError.check(queueTimeout > .zero, "queueTimeout", queueTimeout, "must be above 0")
        try SettingsError.check(apiKey.map { !$0.isEmpty } ?? true, "apiKey", "\"\"", "must not be empty")
    }
}
