import AsyncHTTPClient
import ConsensusLlama
import ConsensusServer
import ConsensusTesting
import Foundation
import NIOHTTP1
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// `consensus serve` in-process on a free loopback port, over the default model with one thread.
enum ServerFixture {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The small model's engine, loaded once for the whole run (loading takes ~0.5 s), or why it
    /// cannot be: every test that needs it then fails with that reason, and the others run.
    private static let loaded = Result { () throws -> LlamaEngine in
        var settings = LlamaEngineSettings()
        settings.threads = 1
        let path = try TestModel.small.file(at: ModelStore().path(named: TestModel.small.name))
        return try LlamaEngine(modelPath: path, settings: settings, logger: logger)
    }

    /// The small model's engine, with one thread.
    /// - Throws: ``MissingTestModel`` when the model is not installed (the message says how to
    ///   install it), or the engine's error.
    static func engine() throws -> LlamaEngine { try loaded.get() }

    /// The server's fixture engine without a model: a candidate containing "right" is the one the
    /// discriminator likes, and a shorter continuation is likelier (``FixtureEngine/preferring(_:)``).
    static func fixtureEngine(delay: Duration = .zero) -> FixtureEngine {
        FixtureEngine(delay: delay, scores: FixtureEngine.preferring("right"))
    }

    /// A running server.
    struct Running: Sendable {
        var url: String
        /// Stops accepting connections; requests in flight finish.
        var shutdown: @Sendable () async -> Void
    }

    /// Runs `body` against a server with `settings` (its port is chosen by the system), then
    /// shuts the server down gracefully and waits for it to stop.
    static func withServer(_ settings: ServerSettings = .init(), _ body: @Sendable (Running) async throws -> Void) async throws {
        var settings = settings
        settings.port = 0
        try await withServer(try ScoringServer(engine: try engine(), settings: settings, logger: logger), body)
    }

    /// Runs `body` against `server` (which must listen on port 0), then shuts it down.
    static func withServer(_ server: ScoringServer, _ body: @Sendable (Running) async throws -> Void) async throws {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(services: [server.application { portContinuation.yield($0) }], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let running = Running(url: "http://127.0.0.1:\(port)", shutdown: { await group.triggerGracefulShutdown() })
            do { try await body(running) } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// An answer: status and the parsed JSON body (or its text).
    struct Answer: Sendable {
        var status: Int
        var text: String
        var headers: HTTPHeaders = [:]
        var json: [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
        }
        var errorParam: String? { (json["error"] as? [String: Any])?["param"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    static func request(_ method: HTTPMethod, _ url: String, body: Data? = nil, timeout: TimeAmount = .seconds(120)) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), text: String(buffer: bytes), headers: response.headers)
    }

    static func post(_ url: String, _ object: [String: Any]) async throws -> Answer {
        try await request(.POST, url, body: try JSONSerialization.data(withJSONObject: object))
    }
}
