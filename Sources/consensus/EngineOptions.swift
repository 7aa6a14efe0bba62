import ArgumentParser
import ConsensusLlama
import ConsensusScoring
import Logging

/// Options shared by the commands that score with a language model.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "A named model (`consensus models` lists them; installed on first use) or a GGUF file. Default: \(DefaultModel.name), or $CONSENSUS_MODEL.")
    var model: String?

    @Option(name: .long, help: "CPU threads (default: every core).")
    var threads: Int?

    @Option(name: .long, help: "Longest request in tokens; longer ones are refused.")
    var contextLength: Int = 2048

    @Flag(inversion: .prefixedNo, help: "Decode sibling branches of a group together (same scores; faster).")
    var packBranches = true

    @Option(help: "Trie positions of several items evaluated in shared decodes (0: one item at a time; default: sized to the model, at most \(LlamaEngineSettings.packTokenCap); same scores).")
    var packTokens: Int?

    /// The GGUF file to load: `--model` as a name (installed first if needed) or a path.
    func modelPath(logger: Logger) throws -> String {
        try ModelStore().resolve(model, logger: logger)
    }

    var settings: LlamaEngineSettings {
        var s = LlamaEngineSettings()
        if let threads { s.threads = threads }
        s.contextLength = contextLength
        s.packsBranches = packBranches
        s.packTokens = packTokens
        return s
    }

    func validate() throws {
        do { try settings.validate() } catch let error as SettingsError {
            throw error.validationError(flags: Self.flags)
        }
    }

    /// The flag of each ``LlamaEngineSettings`` property these options set.
    static let flags = ["threads": "--threads", "contextLength": "--context-length", "packTokens": "--pack-tokens"]

    func makeEngine(logger: Logger) throws -> LlamaEngine {
        try LlamaEngine(modelPath: modelPath(logger: logger), settings: settings, logger: logger)
    }
}
