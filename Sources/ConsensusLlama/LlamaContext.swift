internal import CLlama
import ConsensusScoring

/// A llama.cpp inference context with pinned numerics; owns the `llama_context` and its batch
/// and frees both on deinit. Not thread-safe: ``LlamaEngine`` (an actor) is its only user.
///
/// Numerics are pinned so that a score does not depend on how requests were batched: flash
/// attention off, f16 K and V caches. The KV cache is one unified buffer shared by up to
/// ``sequenceLimit`` sequences; which cells a sequence's tokens occupy matters for the attention
/// sums, and the evaluators place them deliberately (see ``CellLayout``).
final class LlamaContext {
    /// KV sequence ids available (llama.cpp's n_seq_max).
    static let sequenceLimit = 256

    let pointer: OpaquePointer
    let memory: OpaquePointer
    let model: LlamaModel
    /// The longest sequence a request may have.
    let contextLength: Int
    /// Cells of the KV cache (at least `contextLength`; llama.cpp rounds up).
    let cellCount: Int
    /// Tokens one `decode` may take.
    let batchSize: Int
    /// CPU threads llama.cpp uses, and the engine's own work around it.
    let threads: Int
    private var batch: llama_batch

    init(model: LlamaModel, settings: LlamaEngineSettings) throws {
        var params = llama_context_default_params()
        params.n_seq_max = UInt32(Self.sequenceLimit)
        params.n_ctx = UInt32(max(settings.contextLength, settings.scoringCells))
        params.n_batch = UInt32(settings.batchSize)
        params.n_ubatch = UInt32(settings.batchSize)
        // llama.cpp keeps room for at least one output row per sequence id.
        params.n_outputs_max = UInt32(max(settings.batchSize, Self.sequenceLimit))
        params.n_threads = Int32(settings.threads)
        params.n_threads_batch = Int32(settings.threads)
        params.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED
        // One buffer, one ubatch per decode (split_simple), whatever the sequences of its tokens.
        params.kv_unified = true
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
        cellCount = Int(llama_n_ctx(context))
        batchSize = Int(min(llama_n_batch(context), llama_n_ubatch(context)))
        threads = settings.threads
        batch = llama_batch_init(Int32(batchSize), 0, Int32(Self.sequenceLimit))
    }

    deinit {
        llama_batch_free(batch)
        llama_free(pointer)
    }

    /// One token of a batch: its cell is seen by `sequences` (the first one is the token's own:
    /// the token attends to what that sequence sees).
    struct Entry {
        var token: Int32
        var position: Int
        var sequences: [Int]
        var wantsOutput: Bool

        init(token: Int32, position: Int, sequence: Int, wantsOutput: Bool) {
            self.token = token
            self.position = position
            sequences = [sequence]
            self.wantsOutput = wantsOutput
        }
    }

    /// Evaluates `entries` (at most `batchSize`) in one `llama_decode`; the logits of the entry
    /// at index i, if it wants output, are read with `logits(at: i)`. The tokens take the free
    /// KV cells in order, starting at llama.cpp's head.
    func decode(_ entries: [Entry]) throws {
        precondition(entries.count <= batchSize && !entries.isEmpty)
        for (i, e) in entries.enumerated() {
            batch.token[i] = e.token
            batch.pos[i] = Int32(e.position)
            batch.n_seq_id[i] = Int32(e.sequences.count)
            for (k, sequence) in e.sequences.enumerated() { batch.seq_id[i]![k] = Int32(sequence) }
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

    // MARK: KV cache

    /// Forgets positions `from..<to` of `sequence` (to the end when `to` is nil); a cell that no
    /// sequence holds any more becomes free.
    func truncate(_ sequence: Int, from position: Int = 0, to end: Int? = nil) {
        _ = llama_memory_seq_rm(memory, Int32(sequence), Int32(position), Int32(end ?? -1))
    }

    /// Lets `destination` see the cells of `source` at positions `from..<to` too (no data moves).
    func share(_ source: Int, with destination: Int, from position: Int = 0, to end: Int? = nil) {
        llama_memory_seq_cp(memory, Int32(source), Int32(destination), Int32(position), Int32(end ?? -1))
    }

    /// The cells of `sequence` (positions, keys and values), serialised.
    func cells(of sequence: Int) -> [UInt8] {
        let size = llama_state_seq_get_size(pointer, Int32(sequence))
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBufferPointer {
            llama_state_seq_get_data(pointer, $0.baseAddress, size, Int32(sequence))
        }
        precondition(written == size, "llama_state_seq_get_data wrote \(written) of \(size) bytes")
        return bytes
    }

    /// Writes cells serialised by `cells(of:)` into new cells of `sequence` (which must hold no
    /// cells), taking the free cells in order from llama.cpp's head.
    func restore(_ cells: [UInt8], into sequence: Int) {
        let read = cells.withUnsafeBufferPointer {
            llama_state_seq_set_data(pointer, $0.baseAddress, $0.count, Int32(sequence))
        }
        precondition(read == cells.count, "llama_state_seq_set_data failed (read \(read) of \(cells.count) bytes)")
    }

    /// Empties the cache. Keys and values stay in memory: a cell outside a token's sequence is
    /// masked, and its (finite) values then contribute exact zeros to the attention sums.
    func clear() { llama_memory_clear(memory, false) }
}
