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
    /// Most tokens one request may have scored (all its sequences together).
    public var maxTokens: Int = 65_536
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

    /// Checks the settings; the error names the setting and its bad value.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw ServerSettingsError(message: message) }
        }
        try check((0...65_535).contains(port), "port must be between 0 and 65535 (got \(port))")
        try check(maxBodyBytes >= 1024, "the body limit must be at least 1024 bytes (got \(maxBodyBytes))")
        try check(maxCandidates >= 2, "the candidate limit must be at least 2 (got \(maxCandidates))")
        try check(maxPrompts >= 1, "the prompt limit must be at least 1 (got \(maxPrompts))")
        try check(maxTokens >= 16, "the token limit must be at least 16 (got \(maxTokens))")
        try check(maxBatchSequences >= 1, "the batch size must be at least 1 (got \(maxBatchSequences))")
        try check(cacheSize >= 0, "the cache size must be 0 or more (got \(cacheSize))")
        try check(maxConcurrent >= 1, "the concurrency limit must be at least 1 (got \(maxConcurrent))")
        try check(maxQueue >= 0, "the queue limit must be 0 or more (got \(maxQueue))")
        try check(queueTimeout > .zero, "the queue timeout must be above 0 (got \(queueTimeout))")
        try check(apiKey.map { !$0.isEmpty } ?? true, "the API key is empty")
    }
}

/// A bad ``ServerSettings`` value.
public struct ServerSettingsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
