#if Server
import ArgumentParser
import ConsensusLlama
import ConsensusScoring
import ConsensusServer
import Foundation
import Logging

/// `consensus serve`: the ranking API and an OpenAI-compatible scoring endpoint over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve ranking and scoring over HTTP (OpenAI-compatible /v1/completions, /v1/rank, /v1/solve).",
        discussion: """
            Routes: GET / (the playground page: rank by hand in a browser); POST /v1/rank, /v1/solve, \
            /v1/completions, /tokenize; GET /v1/models, /health, /metrics (Prometheus), /openapi.yaml. Requests from concurrent clients are batched into \
            the engine; at most --max-concurrent are worked on and --max-queue wait (503 with \
            Retry-After beyond, or after --queue-timeout). With --engine URL the server ranks \
            through a remote vLLM or SGLang server (a ranking gateway; /v1/completions and \
            /tokenize then answer 501). With --api-key (or $CONSENSUS_API_KEY) every route but \
            /health and the page at / needs "Authorization: Bearer <key>". SIGTERM or SIGINT stops accepting \
            connections and finishes the requests in flight. Prints "listening on \
            http://HOST:PORT" on standard error once ready (--port 0 picks a free port). See \
            docs/serve.md.
            """)

    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "TCP port (0: any free port).") var port: Int = 8080
    @Option(help: "Largest request body in bytes.") var maxBodyBytes: Int = ServerSettings().maxBodyBytes
    @Option(help: "Most candidates per ranking.") var maxCandidates: Int = ServerSettings().maxCandidates
    @Option(help: "Most token positions one request may have the engine evaluate (its prompts' tokens, a shared prefix counted once); larger requests are answered 413. Default: the context length (--context-length), one full context per request (docs/serve.md).")
    var maxRequestTokens: Int?
    @Option(help: "Milliseconds the batcher waits for more requests.") var batchWindow: Double = 2
    @Option(help: "Scored sequences remembered (0: no cache).") var cacheSize: Int = ServerSettings().cacheSize
    @Option(help: "Requests worked on at once.") var maxConcurrent: Int = ServerSettings().maxConcurrent
    @Option(help: "Requests that may wait for a turn; more are answered 503 with Retry-After.") var maxQueue: Int = ServerSettings().maxQueue
    @Option(help: "Seconds a request may wait for its turn before it is answered 503.") var queueTimeout: Double = 30
    @Option(help: "Require 'Authorization: Bearer KEY' on every route but /health (default: $CONSENSUS_API_KEY, if set).")
    var apiKey: String?
    @OptionGroup var engine: EngineOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var logging: LoggingOptions

    var settings: ServerSettings {
        var s = ServerSettings()
        s.host = host
        s.port = port
        s.maxBodyBytes = maxBodyBytes
        s.maxCandidates = maxCandidates
        s.maxRequestTokens = maxRequestTokens
        s.batchWindow = .microseconds(Int64(batchWindow * 1000))
        s.cacheSize = cacheSize
        s.maxConcurrent = maxConcurrent
        s.maxQueue = maxQueue
        s.queueTimeout = .milliseconds(Int64(queueTimeout * 1000))
        s.apiKey = apiKey ?? ProcessInfo.processInfo.environment["CONSENSUS_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        return s
    }

    func validate() throws {
        if batchWindow < 0 { throw ValidationError("--batch-window must be 0 or more (got \(batchWindow))") }
        if !(queueTimeout > 0) { throw ValidationError("--queue-timeout must be above 0 (got \(queueTimeout))") }
        do { try settings.validate() } catch let error as SettingsError { throw error.validationError(flags: Self.flags) }
    }

    /// The flag of each ``ServerSettings`` property these options set.
    static let flags = [
        "host": "--host", "port": "--port", "maxBodyBytes": "--max-body-bytes", "maxCandidates": "--max-candidates",
        "maxRequestTokens": "--max-request-tokens", "cacheSize": "--cache-size", "maxConcurrent": "--max-concurrent",
        "maxQueue": "--max-queue", "queueTimeout": "--queue-timeout", "apiKey": "--api-key",
    ]

    func run() async throws {
        var logger = logging.makeLogger(label: "consensus.serve")
        if logging.logLevel == nil { logger.logLevel = .notice }
        let engine = try await remote.makeEngine(local: self.engine, logger: logger)
        let server = try ScoringServer(engine: engine, settings: settings, logger: logger)
        let host = self.host
        let source: String
        if let local = engine as? LlamaEngine {
            source = "model \(engine.model.name), \(local.settings.threads) thread\(local.settings.threads == 1 ? "" : "s")"
        } else {
            source = "model \(engine.model.name) through \(engine.model.location): a ranking gateway"
        }
        try await server.run { port in
            FileHandle.standardError.write(Data("consensus serve: listening on http://\(host):\(port) (\(source))\n".utf8))
        }
    }
}
#endif
