import ArgumentParser
import ConsensusRemote
import ConsensusScoring
import Logging

/// `--engine URL` and its settings, for the commands that score (rank, score, eval): score (and,
/// for eval's svamp and gsm8k, sample) on a remote server instead of the local model.
struct RemoteOptions: ParsableArguments {
    @Option(name: .customLong("engine"), help: "Score (and sample svamp/gsm8k chains) on a remote server: its base URL (vLLM, SGLang or `consensus serve`, which does not sample), e.g. http://127.0.0.1:8000.")
    var url: String?

    @Option(name: .customLong("engine-kind"), help: "The server's API: openai (vLLM, consensus serve) or sglang.")
    var kind: RemoteEngineSettings.Kind = .openai

    @Option(name: .customLong("engine-model"), help: "The model id to ask the server for (default: the first it lists).")
    var modelID: String?

    @Option(name: .customLong("engine-concurrency"), help: "HTTP requests in flight at once.")
    var concurrency: Int = 8

    @Option(name: .customLong("engine-timeout"), help: "Seconds one HTTP request may take before it is retried.")
    var timeout: Double = 120

    @Option(name: .customLong("engine-max-tokens"), help: "max_tokens of scoring requests: 0, or 1 for servers that refuse 0.")
    var maxTokens: Int = 0

    var settings: RemoteEngineSettings? {
        guard let url else { return nil }
        var s = RemoteEngineSettings(baseURL: url, kind: kind)
        s.modelID = modelID
        s.concurrency = concurrency
        s.timeout = .milliseconds(Int64(timeout * 1000))
        s.maxTokens = maxTokens
        return s
    }

    func validate() throws {
        do { try settings?.validate() } catch let error as RemoteSettingsError {
            throw ValidationError(error.message)
        }
    }

    /// The remote engine when `--engine` is given, else the local one.
    func makeEngine(local: EngineOptions, logger: Logger) async throws -> any ScoringEngine & GeneratingEngine {
        guard let settings else { return try local.makeEngine(logger: logger) }
        if local.model != nil { throw ValidationError("--model and --engine cannot be combined: the server has its own model") }
        return try await RemoteEngine.connect(settings, logger: logger)
    }
}

extension RemoteEngineSettings.Kind: ExpressibleByArgument {}
