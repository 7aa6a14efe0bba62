import ConsensusLlama
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `consensus serve`: the ranking API and an OpenAI-compatible scoring endpoint over one local
/// engine, on Hummingbird.
///
/// Routes: `POST /v1/rank`, `POST /v1/solve`, `POST /v1/completions`, `POST /tokenize`,
/// `GET /v1/models`, `GET /health`, `GET /metrics` (Prometheus), `GET /openapi.yaml`. Requests
/// from concurrent clients are scored in batches (``ScoringBatcher``). On SIGTERM or SIGINT the
/// server stops accepting connections and finishes the requests in flight.
public struct ScoringServer: Sendable {
    public let engine: LlamaEngine
    public let settings: ServerSettings
    private let logger: Logger

    public init(engine: LlamaEngine, settings: ServerSettings, logger: Logger) throws {
        try settings.validate()
        self.engine = engine
        self.settings = settings
        self.logger = logger
    }

    /// The HTTP application; `onListening` receives the bound port.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        let batcher = ScoringBatcher(engine: engine, settings: settings, metrics: metrics)
        let rank = RankRoute(engine: BatchedEngine(engine: engine, batcher: batcher), settings: settings)
        let solve = SolveRoute(settings: settings)
        let completions = CompletionsRoute(engine: engine, batcher: batcher, settings: settings)
        let model = engine.model
        let router = Router()
        router.add(middleware: APIMiddleware(metrics: metrics, logger: logger))
        router.post("/v1/rank") { request, context in try await rank.handle(request, logger: context.logger) }
        router.post("/v1/solve") { request, _ in try await solve.handle(request) }
        router.post("/v1/completions") { request, _ in try await completions.handle(request) }
        router.post("/tokenize") { request, _ in try await completions.tokenize(request) }
        router.get("/v1/models") { _, _ in completions.models() }
        router.get("/health") { _, _ in
            Response.json(.object([("status", .string("ok")), ("model", .string(model.name))]))
        }
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

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onListening: onListening).runService()
    }

    /// The OpenAPI document (Sources/ConsensusServer/openapi.yaml, a resource of this target).
    public static let openAPIDocument: String? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
}
