import ArgumentParser
import ConsensusScoring
import Logging

#if RemoteEngines
import ConsensusRemote
#endif

/// `--engine URL` and its settings, for the commands that score (rank, score, eval, serve): score
/// (and, for eval's svamp and gsm8k, sample) on a remote server instead of the local model.
///
/// The options are parsed in every build; the remote engine itself comes with the package trait
/// `RemoteEngines` (Package.swift), and a build without it says how to get it.
struct RemoteOptions: ParsableArguments {
    @Option(name: .customLong("engine"), help: "Score (and sample svamp/gsm8k chains) on a remote server: its base URL (vLLM, SGLang or `consensus serve`, which does not sample), e.g. http://127.0.0.1:8000. Needs the RemoteEngines trait.")
    var url: String?

    /// The values of `--engine-kind`, parsed in every build (RemoteEngineSettings.Kind's raw values).
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case openai, sglang
    }

    @Option(name: .customLong("engine-kind"), help: "The server's API: openai (vLLM, consensus serve) or sglang.")
    var kind: Kind = .openai

    @Option(name: .customLong("engine-model"), help: "The model id to ask the server for (default: the first it lists).")
    var modelID: String?

    @Option(name: .customLong("engine-concurrency"), help: "HTTP requests in flight at once.")
    var concurrency: Int = 8

    @Option(name: .customLong("engine-timeout"), help: "Seconds one HTTP request may take before it is retried.")
    var timeout: Double = 120

    @Option(name: .customLong("engine-max-tokens"), help: "max_tokens of scoring requests: 0, or 1 for servers that refuse 0.")
    var maxTokens: Int = 0

    /// The values of `--engine-route` (RemoteEngineSettings.Route's raw values).
    enum Route: String, ExpressibleByArgument, CaseIterable {
        case auto, echo
    }

    @Option(name: .customLong("engine-route"), help: "How to score on an OpenAI-compatible server: auto (each question from the fewest prompts, through vLLM's token route with its prefix cache or its logprob_token_ids, when the server offers them and they agree with echo at start-up) or echo (every request echoed on its own).")
    var route: Route = .auto

    #if RemoteEngines
    var settings: RemoteEngineSettings? {
        get throws {
            guard let url else { return nil }
            guard let kind = RemoteEngineSettings.Kind(rawValue: kind.rawValue) else {
                throw ValidationError("--engine-kind \(kind.rawValue) is not known to this build's remote engines")
            }
            var s = RemoteEngineSettings(baseURL: url, kind: kind)
            s.modelID = modelID
            s.concurrency = concurrency
            s.timeout = .milliseconds(Int64(timeout * 1000))
            s.maxTokens = maxTokens
            s.route = route == .auto ? .auto : .echo
            return s
        }
    }

    func validate() throws {
        do { try settings?.validate() } catch let error as SettingsError {
            throw error.validationError(flags: Self.flags)
        }
    }

    /// The flag of each ``RemoteEngineSettings`` property these options set.
    static let flags = [
        "baseURL": "--engine", "concurrency": "--engine-concurrency", "timeout": "--engine-timeout", "maxTokens": "--engine-max-tokens",
    ]

    /// The remote engine when `--engine` is given, else the local one.
    func makeEngine(local: EngineOptions, logger: Logger) async throws -> any ScoringEngine & GeneratingEngine {
        guard let settings = try settings else { return try local.makeEngine(logger: logger) }
        if local.model != nil { throw ValidationError("--model and --engine cannot be combined: the server has its own model") }
        return try await RemoteEngine.connect(settings, logger: logger)
    }
    #else
    func validate() throws {
        if url != nil {
            throw notBuilt("--engine", needs: "the remote engines (package trait RemoteEngines)", command: "rank --engine URL")
        }
    }

    /// The local engine (this build has no remote ones: ``validate()`` refuses `--engine`).
    func makeEngine(local: EngineOptions, logger: Logger) async throws -> any ScoringEngine & GeneratingEngine {
        try local.makeEngine(logger: logger)
    }
    #endif
}
