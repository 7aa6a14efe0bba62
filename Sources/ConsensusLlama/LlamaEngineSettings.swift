import ConsensusScoring
import Foundation

/// Settings of the in-process llama.cpp engine. The defaults suit a small model on a CPU.
public struct LlamaEngineSettings: Sendable, Hashable, Codable {
    /// CPU threads for evaluation. Default: every core.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The longest token sequence (prompt + continuation) one request may have. Longer requests
    /// are refused with a clear error, never truncated.
    public var contextLength: Int = 2048
    /// Tokens per `llama_decode` (llama.cpp's n_batch and n_ubatch); at least 2, since a
    /// one-token decode takes other kernels and would give other scores.
    public var batchSize: Int = 512
    /// Whether sibling branches of a group's prefix trie are decoded together (one
    /// `llama_decode` per level of branching) rather than one branch at a time. Scores are
    /// identical either way; packing saves most of the fixed cost of a decode per branch.
    /// Groups too large to pack (more than 60 branches, or more positions than the context
    /// holds once laid out) are evaluated one branch at a time. See docs/engine.md.
    public var packsBranches: Bool = true
    /// Trie positions one evaluation may take from several groups passed together
    /// (``LlamaEngine/score(groups:)``): consecutive groups share decodes until their positions
    /// would exceed this, so that each `llama_decode` holds up to ``batchSize`` tokens. Scores do
    /// not depend on it; a group larger than this is evaluated alone. nil (the default): sized to
    /// the model by ``packTokens(layers:width:parameters:)``.
    public var packTokens: Int? = nil
    /// Groups a caller with many (``CachedScorer``) passes to one ``LlamaEngine/score(groups:)``.
    public var groupsPerCall: Int = 8
    /// KV cells of the scoring context: room for a pack of groups (at least ``contextLength``).
    public var scoringCells: Int = 4096
    /// Whether to put the model's BOS token first; nil follows the model's GGUF metadata
    /// (`tokenizer.ggml.add_bos_token`).
    public var addBOS: Bool? = nil
    /// KV cells of the separate context that generation uses (created on the first
    /// generation): room for the prompt and every live sample's tokens. More cells let more
    /// samples decode side by side; each sample reserves `maxNewTokens` cells while it runs.
    /// The context has at least ``contextLength`` cells whatever this says.
    public var generationCells: Int = 8192

    public init() {}

    /// The most trie positions a pack takes whatever the model (room for its layout in
    /// ``scoringCells``).
    public static let packTokenCap = 1536

    /// The trie positions a pack of groups takes by default, for a model of `layers` layers of
    /// width `width` and `parameters` weights: as many as keep attention within a tenth of a
    /// token's weight products, at most ``packTokenCap``.
    ///
    /// Packed groups share one KV cache, and every token of a decode attends over all of its
    /// cells (the other groups' are masked, not skipped): per token and cell that is
    /// 4 · layers · width floating-point operations (K·Q and its product with V), against
    /// 2 · parameters for the weights. A small model pays more for a large pack than it saves in
    /// decodes: measured on `eval --limit 100` of ARC-Easy (docs/engine.md), SmolLM2-135M runs
    /// fastest with packs of about 400 positions, Qwen2.5-Coder-1.5B with 1536.
    public static func packTokens(layers: Int, width: Int, parameters: Int) -> Int {
        let attentionPerCell = 4.0 * Double(max(layers, 1)) * Double(max(width, 1))
        let weights = 2.0 * Double(parameters)
        return max(0, min(packTokenCap, Int(0.1 * weights / attentionPerCell)))
    }

    /// Checks the settings.
    /// - Throws: ``SettingsError`` naming the setting (its property name) and its bad value.
    public func validate() throws {
        try SettingsError.check(threads >= 1, "threads", threads, "must be at least 1")
        try SettingsError.check(contextLength >= 8, "contextLength", contextLength, "must be at least 8 tokens")
        try SettingsError.check(groupsPerCall >= 1, "groupsPerCall", groupsPerCall, "must be at least 1")
        if let packTokens {
            try SettingsError.check(packTokens >= 0, "packTokens", packTokens, "must be at least 0")
        }
        try SettingsError.check(
            batchSize >= 2, "batchSize", batchSize, "must be at least 2, since a one-token decode is re-run with its previous token for exactness")
    }
}
