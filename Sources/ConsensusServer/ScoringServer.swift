import ConsensusScoring
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `consensus serve`: the ranking API over any scoring engine, on Hummingbird, and an
/// OpenAI-compatible scoring endpoint when the engine works at the level of tokens.
///
/// Routes: `POST /v1/rank`, `POST /v1/solve`, `GET /v1/models`, `GET /health`, `GET /metrics`
/// (Prometheus), `GET /openapi.yaml`; with a ``TokenScoringEngine`` (the in-process llama.cpp
/// engine) also `POST /v1/completions` and `POST /tokenize`, and requests from concurrent
/// clients are scored in batches (``ScoringBatcher``). In front of a remote engine (vLLM,
/// SGLang) the server is a ranking gateway: rankings go to the remote server, whose own
/// batching serves them; the two token routes answer 501. On SIGTERM or SIGINT the server stops
/// accepting connections and finishes the requests in flight.
public struct ScoringServer: Sendable {
    public let engine: any ScoringEngine
    public let settings: ServerSettings
    private let logger: Logger

    public init(engine: any ScoringEngine, settings: ServerSettings, logger: Logger) throws {
        try settings.validate()
        self.engine = engine
        self.settings = settings
        self.logger = logger
    }

    /// The HTTP application; `onListening` receives the bound port.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        let model = engine.model
        let rank: RankRoute
        let completions: CompletionsRoute?
        if let tokenEngine = engine as? any TokenScoringEngine {
            let batcher = ScoringBatcher(engine: tokenEngine, settings: settings, metrics: metrics)
            rank = RankRoute(engine: BatchedEngine(engine: tokenEngine, batcher: batcher), settings: settings)
            completions = CompletionsRoute(engine: tokenEngine, batcher: batcher, settings: settings)
        } else {
            rank = RankRoute(engine: engine, settings: settings)
            completions = nil
        }
        let solve = SolveRoute(settings: settings)
        let router = Router()
        router.add(middleware: APIMiddleware(metrics: metrics, logger: logger))
        router.post("/v1/rank") { request, context in try await rank.handle(request, logger: context.logger) }
        router.post("/v1/solve") { request, _ in try await solve.handle(request) }
        router.post("/v1/completions") { request, _ in
            guard let completions else { throw Self.noTokenEngine(model) }
            return try await completions.handle(request)
        }
        router.post("/tokenize") { request, _ in
            guard let completions else { throw Self.noTokenEngine(model) }
            return try await completions.tokenize(request)
        }
        router.get("/v1/models") { _, _ in CompletionsRoute.models(model) }
        router.get("/health") { _, _ in Response.json(["status": "ok", "model": model.name]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ in
            guard let document = Self.openAPIDocument else {
                throw APIError(.internalServerError, "openapi.yaml is missing from the server's resource bundle", type: "server_error")
            }
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: document)))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "consensus"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The answer of the token routes in front of a remote engine.
    static func noTokenEngine(_ model: ModelDescription) -> APIError {
        APIError(
            .notImplemented,
            "this server ranks through the remote engine \(model.location), which scores completions itself; send /v1/completions and /tokenize to it",
            type: "not_implemented_error")
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onListening: onListening).runService()
    }

    /// The OpenAPI document (Sources/ConsensusServer/openapi.yaml, a resource of this target).
    public static let openAPIDocument: String? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
}
