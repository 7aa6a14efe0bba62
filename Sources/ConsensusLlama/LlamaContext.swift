internal import CLlama
import ConsensusScoring

/// A llama.cpp inference context with pinned numerics; owns the `llama_context` and its batch
/// and frees both on deinit. Not thread-safe: ``LlamaEngine`` (an actor) is its only user.
///
/// Numerics are pinned so that a score does not depend on how requests were batched: flash
/// attention off, f16 K and V caches, one sequence (no unified cache shared between sequences).
final class LlamaContext {
    let pointer: OpaquePointer
    let memory: OpaquePointer
    let model: LlamaModel
    /// Cells of KV cache: the longest sequence a request may have.
    let contextLength: Int
    /// Tokens one `decode` may take.
    let batchSize: Int
    private var batch: llama_batch

    init(model: LlamaModel, settings: LlamaEngineSettings) throws {
        var params = llama_context_default_params()
        params.n_seq_max = 1
        params.n_ctx = UInt32(settings.contextLength)
        params.n_batch = UInt32(settings.batchSize)
        params.n_ubatch = UInt32(settings.batchSize)
        params.n_threads = Int32(settings.threads)
        params.n_threads_batch = Int32(settings.threads)
        params.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED
        params.kv_unified = false
        params.type_k = GGML_TYPE_F16
        params.type_v = GGML_TYPE_F16
        params.no_perf = true
        params.embeddings = false
        guard let context = llama_init_from_model(model.pointer, params) else {
            throw ScoringError(
                .outOfMemory,
                "llama.cpp could not create a context of \(settings.contextLength) tokens for \(model.path); lower --context-length")
        }
        pointer = context
        memory = llama_get_memory(context)
        self.model = model
        // llama.cpp rounds the context up (to 256) and caps the batch at it; requests are held
        // to the length asked for, batches to what llama.cpp accepts.
        contextLength = settings.contextLength
        batchSize = Int(min(llama_n_batch(context), llama_n_ubatch(context)))
        batch = llama_batch_init(Int32(batchSize), 0, 1)
    }

    deinit {
        llama_batch_free(batch)
        llama_free(pointer)
    }

    /// One token of a batch.
    struct Entry {
        var token: Int32
        var position: Int
        var sequence: Int
        var wantsOutput: Bool
    }

    /// Evaluates `entries` (at most `batchSize`) in one `llama_decode`; the i-th entry that
    /// wants output gets row i of the returned logits, read through `withLogits`.
    func decode(_ entries: [Entry]) throws {
        precondition(entries.count <= batchSize && !entries.isEmpty)
        for (i, e) in entries.enumerated() {
            batch.token[i] = e.token
            batch.pos[i] = Int32(e.position)
            batch.n_seq_id[i] = 1
            batch.seq_id[i]![0] = Int32(e.sequence)
            batch.logits[i] = e.wantsOutput ? 1 : 0
        }
        batch.n_tokens = Int32(entries.count)
        let status = llama_decode(pointer, batch)
        guard status == 0 else {
            throw ScoringError(
                status == 1 ? .requestTooLong : .engineFailure,
                status == 1
                    ? "the KV cache has no room for \(entries.count) more tokens (context length \(contextLength))"
                    : "llama_decode failed with status \(status)")
        }
    }

    /// The logits (one per vocabulary entry) of the batch entry at `index`, valid until the next decode.
    func logits(at index: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: llama_get_logits_ith(pointer, Int32(index)), count: model.vocabularySize)
    }

    /// Forgets positions `from...` of `sequence` (all of it when `from` is 0).
    func truncate(_ sequence: Int, from position: Int) {
        _ = llama_memory_seq_rm(memory, Int32(sequence), Int32(position), -1)
    }

    func clear() { llama_memory_clear(memory, true) }
}
