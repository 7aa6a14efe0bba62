public import ConsensusScoring
import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// `consensus serve`: the ranking API over any scoring engine, on Hummingbird, and an
/// OpenAI-compatible scoring endpoint when the engine works at the level of tokens.
///
/// Routes: `GET /` (the playground page, ``PlaygroundPage``), `POST /v1/rank`, `POST /v1/solve`,
/// `GET /v1/models`, `GET /health`, `GET /metrics` (Prometheus), `GET /openapi.yaml`; with a ``TokenScoringEngine`` (the in-process llama.cpp
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
            rank = RankRoute(scoring: .batched(tokenEngine, batcher), chatTemplates: engine, settings: settings)
            completions = CompletionsRoute(engine: tokenEngine, batcher: batcher, settings: settings)
        } else {
            rank = RankRoute(scoring: .remote(engine), chatTemplates: engine, settings: settings)
            completions = nil
        }
        let solve = SolveRoute(settings: settings)
        let admission = Admission(settings: settings)
        let router = Router()
        router.add(middleware: APIMiddleware(metrics: metrics, settings: settings, routes: Self.routes, logger: logger))
        // The routes that occupy the engine or the solver wait for a turn (``Admission``); a
        // client that goes away while it waits leaves the queue.
        router.post("/v1/rank") { request, context in
            try await Self.inTurn(request, admission) { try await rank.handle($0, logger: context.logger) }
        }
        router.post("/v1/solve") { request, _ in
            try await Self.inTurn(request, admission) { try await solve.handle($0) }
        }
        router.post("/v1/completions") { request, _ in
            guard let completions else { throw Self.noTokenEngine(model) }
            return try await Self.inTurn(request, admission) { try await completions.handle($0) }
        }
        router.post("/tokenize") { request, _ in
            guard let completions else { throw Self.noTokenEngine(model) }
            return try await completions.tokenize(request)
        }
        router.get("/") { _, _ in PlaygroundPage.response() }
        router.get("/v1/models") { _, _ in CompletionsRoute.models(model) }
        router.get("/health") { _, _ in Response.json(["status": "ok", "model": model.name]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        let document = Self.openAPIDocument(settings: settings, model: model)
        router.get("/openapi.yaml") { _, _ in
            guard let document else {
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

    /// The `oneOf` that ties a `solve` problem's four arrays to one length n (JSON, inline YAML).
    static func solveShapes(_ largest: Int) -> String {
        let shapes = (2...max(2, largest)).map { n in
            let array = "{\"minItems\": \(n), \"maxItems\": \(n)}"
            let pair = "{\"properties\": {\"correct\": \(array), \"incorrect\": \(array)}}"
            return "{\"properties\": {\"generator\": \(pair), \"discriminator\": \(pair)}}"
        }
        return "[" + shapes.joined(separator: ", ") + "]"
    }

    /// Every path and its methods (a known path asked with another method is answered 405).
    static let routes: [String: [HTTPRequest.Method]] = [
        "/v1/rank": [.post], "/v1/solve": [.post], "/v1/completions": [.post], "/tokenize": [.post],
        "/": [.get], "/v1/models": [.get], "/health": [.get], "/metrics": [.get], "/openapi.yaml": [.get],
    ]

    /// Serves `request` in its turn (``Admission``). With a turn free it is served at once.
    /// Otherwise it waits, watching its connection: a client that closes it leaves the queue.
    /// Hummingbird closes a watched connection once it has answered, so that answer (or error)
    /// says `Connection: close`, and the client opens a new one.
    static func inTurn(
        _ request: Request, _ admission: Admission, _ handle: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> Response {
        if let response = try await admission.runIfFree({ try await handle(request) }) { return response }
        do {
            var response = try await request.body.consumeWithCancellationOnInboundClose { stream in
                var watched = request
                watched.body = stream
                let turn = watched
                return try await admission.run { try await handle(turn) }
            }
            response.headers[.connection] = "close"
            return response
        } catch {
            var answer = APIError.from(error, request: request)
            answer.headers[.connection] = "close"
            throw answer
        }
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

    /// The OpenAPI document (Sources/ConsensusServer/openapi.yaml, a resource of this target), as
    /// written: `{{name}}` marks where a server writes its own limits.
    public static let openAPITemplate: String? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }

    /// The OpenAPI document this server answers: the template with its limits and model written in.
    public static func openAPIDocument(settings: ServerSettings, model: ModelDescription) -> String? {
        guard var text = openAPITemplate else { return nil }
        let yamlString = model.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let seconds = Double(settings.queueTimeout.components.seconds) + Double(settings.queueTimeout.components.attoseconds) * 1e-18
        let values: [String: String] = [
            "max_candidates": "\(settings.maxCandidates)", "max_iterations": "\(settings.maxIterations)",
            "max_prompts": "\(settings.maxPrompts)", "max_body_bytes": "\(settings.maxBodyBytes)",
            "max_request_tokens": "\(settings.requestTokenCap(contextLength: model.contextLength))",
            "max_concurrent": "\(settings.maxConcurrent)", "max_queue": "\(settings.maxQueue)",
            "queue_timeout": String(format: "%g", seconds), "context_length": "\(model.contextLength)",
            "largest_prompt": "\(max(model.contextLength - 1, 1))",
            "last_token_id": "\(max(model.vocabularySize - 1, 0))", "model_name": yamlString,
            "solve_shapes": solveShapes(settings.maxCandidates),
        ]
        for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        return text
    }
}
