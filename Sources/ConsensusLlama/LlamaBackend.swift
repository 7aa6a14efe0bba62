internal import CLlama
import ConsensusScoring
import Foundation

/// llama.cpp's process-wide set-up: backend initialisation and log routing, done once.
enum LlamaBackend {
    /// Initialises the backend on first use (thread-safe: a static let runs once).
    static let initialised: Bool = {
        // llama.cpp logs through a C callback; route warnings and errors to stderr only
        // when asked (CONSENSUS_LLAMA_LOG=1), otherwise keep the terminal clean.
        if !LlamaBackend.verbose {
            llama_log_set({ level, text, _ in
                guard level == GGML_LOG_LEVEL_ERROR, let text else { return }
                FileHandle.standardError.write(Data(String(cString: text).utf8))
            }, nil)
        }
        // K-quant matrix products (Q4_K, Q6_K, …) take a tiled kernel for batches of 8 rows or
        // more and the per-row dot products below that, which round differently: a token's score
        // would depend on how many rows its decode had. Forcing the tiled kernel at every batch
        // size keeps scores independent of batching (docs/engine.md); a user's own setting wins.
        setenv("GGML_CPU_TILED_MM_FORCE", "1", 0)
        llama_backend_init()
        return true
    }()

    /// The CPU features the loaded ggml CPU backend was compiled with, as llama.cpp prints them
    /// (`"CPU : SSE3 = 1 | AVX = 1 | … |"`).
    static let systemInfo: String = {
        _ = initialised
        return String(cString: llama_print_system_info())
    }()

    /// Whether the CPU backend was compiled with AVX-512 (its vector kernels then run 16 floats
    /// to a register instead of 8).
    static var hasAVX512: Bool { systemInfo.contains("AVX512 = 1") }

    /// The build variant in one word, for reports and cache keys: the widest x86 vector
    /// extensions compiled in (`avx512-vnni-bf16`, `avx512`, `avx2`, `avx`), else `generic`.
    static var variant: String {
        let features = systemInfo
        func has(_ name: String) -> Bool { features.contains("\(name) = 1") }
        if has("AVX512") {
            return (["avx512"] + (has("AVX512_VNNI") ? ["vnni"] : []) + (has("AVX512_BF16") ? ["bf16"] : [])).joined(separator: "-")
        }
        if has("AVX2") { return "avx2" }
        if has("AVX") { return "avx" }
        return "generic"
    }

    /// The alignment, in KV cells, that keeps attention sums independent of where a sequence's
    /// cells lie (see ``CellLayout``): the number of floats in one vector register of the CPU
    /// backend's kernels, 16 with AVX-512, 8 otherwise.
    static var attentionBlock: Int { Int(ProcessInfo.processInfo.environment["CONSENSUS_ATTENTION_BLOCK"] ?? "") ?? (hasAVX512 ? 16 : 8) }

    /// How K-quant products run, for the engine's description: tiled at every batch size unless
    /// the environment says otherwise (GGML_CPU_TILED_MM, GGML_CPU_TILED_MM_FORCE).
    static var kQuantTiles: String {
        _ = initialised
        func value(_ name: String) -> Int? { getenv(name).flatMap { Int(String(cString: $0)) } }
        if value("GGML_CPU_TILED_MM") == 0 { return "K-quant tiles off" }
        return value("GGML_CPU_TILED_MM_FORCE") == 1 ? "K-quant tiles always" : "K-quant tiles from 8 rows"
    }

    static var verbose: Bool { ProcessInfo.processInfo.environment["CONSENSUS_LLAMA_LOG"] == "1" }

    /// Checks that the headers this module was compiled with match the library it runs with:
    /// llama.cpp's parameter structs are passed by value and change between builds, so a
    /// mismatch gives garbage, not a link error. b11434's defaults are known.
    static func checkBuild() throws {
        let p = llama_context_default_params()
        guard p.n_ctx == 512, p.n_batch == 2048, p.n_ubatch == 512, p.n_seq_max == 1 else {
            throw ScoringError(.engineFailure,
                "libllama does not match the headers consensus was built with (expected llama.cpp b11434); run scripts/setup.sh and rebuild")
        }
    }
}

