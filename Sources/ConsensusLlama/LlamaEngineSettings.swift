import Foundation

/// Settings of the in-process llama.cpp engine. The defaults suit a small model on a CPU.
public struct LlamaEngineSettings: Sendable, Hashable, Codable {
    /// CPU threads for evaluation. Default: every core.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The longest token sequence (prompt + continuation) one request may have. Longer requests
    /// are refused with a clear error, never truncated.
    public var contextLength: Int = 2048
    /// Tokens per `llama_decode` (llama.cpp's n_batch and n_ubatch).
    public var batchSize: Int = 512
    /// Whether to put the model's BOS token first; nil follows the model's GGUF metadata
    /// (`tokenizer.ggml.add_bos_token`).
    public var addBOS: Bool? = nil

    public init() {}

    /// Checks the settings; the error names the setting and its bad value.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw LlamaSettingsError(message: message) }
        }
        try check(threads >= 1, "threads must be at least 1 (got \(threads))")
        try check(contextLength >= 8, "context length must be at least 8 tokens (got \(contextLength))")
        try check(batchSize >= 2, "batch size must be at least 2 (got \(batchSize)): a one-token decode is re-run with its previous token for exactness")
    }
}

/// A bad ``LlamaEngineSettings`` value.
public struct LlamaSettingsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
