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
        llama_backend_init()
        return true
    }()

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

