import ArgumentParser
import ConsensusLlama
import Logging

/// Options shared by the commands that score with a language model.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: "GGUF model file (default: the F16 SmolLM2-135M-Instruct that scripts/setup.sh installs).")
    var model: String?

    @Option(name: .long, help: "CPU threads (default: every core).")
    var threads: Int?

    @Option(name: .long, help: "Longest request in tokens; longer ones are refused.")
    var contextLength: Int = 2048

    @Flag(inversion: .prefixedNo, help: "Decode sibling branches of a group together (same scores; faster).")
    var packBranches = true

    var modelPath: String { model ?? DefaultModel.path }

    var settings: LlamaEngineSettings {
        var s = LlamaEngineSettings()
        if let threads { s.threads = threads }
        s.contextLength = contextLength
        s.packsBranches = packBranches
        return s
    }

    func validate() throws {
        do { try settings.validate() } catch let error as LlamaSettingsError {
            throw ValidationError(error.message)
        }
    }

    func makeEngine(logger: Logger) throws -> LlamaEngine {
        try LlamaEngine(modelPath: modelPath, settings: settings, logger: logger)
    }
}
