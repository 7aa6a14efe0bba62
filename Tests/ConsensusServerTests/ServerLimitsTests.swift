import ConsensusServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1
import Testing

/// The server over a fixture engine, in-process (HummingbirdTesting, live): methods, the API
/// key, backpressure, and a client that goes away while it waits.
@Suite("Server limits")
struct ServerLimitsTests {
    static let rank = #"{"question": "Which one?", "candidates": ["the right one", "the other one"]}"#

    static func app(_ settings: ServerSettings = .init(), delay: Duration = .zero) throws -> some ApplicationProtocol {
        var settings = settings
        settings.port = 0
        return try ScoringServer(engine: ServerFixture.fixtureEngine(delay: delay), settings: settings, logger: ServerFixture.logger).application()
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]) ?? [:]
    }

    @Test func aRankingThroughAnyEngine() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/v1/rank", method: .post, body: ByteBuffer(string: Self.rank)) { response in
                #expect(response.status == .ok)
                let answer = Self.json(response)
                #expect((answer["pick"] as? [String: Int])?["ER-D"] == 0)
                #expect((answer["model"] as? [String: Any])?["name"] as? String == "fixture")
                #expect(response.headers[.connection] == nil, "a turn was free: the connection stays open")
            }
            // No token-level engine: the token routes answer 501.
            try await client.execute(uri: "/tokenize", method: .post, body: ByteBuffer(string: #"{"prompt": "x"}"#)) { response in
                #expect(response.status == .notImplemented)
            }
        }
    }

    @Test(arguments: [
        ("/v1/rank", HTTPRequest.Method.get, "POST"), ("/health", .post, "GET"), ("/v1/solve", .delete, "POST"),
        ("/openapi.yaml", .put, "GET"),
    ])
    func aKnownPathWithAnotherMethodIs405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                #expect((Self.json(response)["error"] as? [String: Any])?["code"] as? Int == 405)
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anAPIKeyGuardsEveryRouteButHealth() async throws {
        var settings = ServerSettings()
        settings.apiKey = "s3cret"
        try await Self.app(settings).test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            for (uri, method) in [("/v1/models", HTTPRequest.Method.get), ("/metrics", .get), ("/openapi.yaml", .get)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.execute(uri: "/v1/rank", method: .post, headers: [.authorization: "Bearer wrong"], body: ByteBuffer(string: Self.rank)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/rank", method: .post, headers: [.authorization: "Bearer s3cret"], body: ByteBuffer(string: Self.rank)) {
                #expect($0.status == .ok)
            }
        }
    }

    /// A server over the fixture engine, each group taking `delay`, on a free port.
    static func server(_ settings: ServerSettings, delay: Duration) throws -> ScoringServer {
        var settings = settings
        settings.port = 0
        return try ScoringServer(engine: ServerFixture.fixtureEngine(delay: delay), settings: settings, logger: ServerFixture.logger)
    }

    /// One request at a time and one waiting: of three at once (each on its own connection), the
    /// third is answered 503 with Retry-After at once, and the other two are served.
    @Test func beyondTheQueueTheAnswerIs503WithRetryAfter() async throws {
        var settings = ServerSettings()
        settings.maxConcurrent = 1
        settings.maxQueue = 1
        try await ServerFixture.withServer(try Self.server(settings, delay: .milliseconds(600))) { running in
            let answers = try await withThrowingTaskGroup(of: ServerFixture.Answer.self) { group in
                for k in 0..<3 {
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(100 * k))
                        return try await ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.status == 200 }.count == 2, "\(answers.map(\.status))")
            let busy = try #require(answers.first { $0.status == 503 }, "\(answers.map(\.status))")
            #expect(Int(busy.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1, "\(busy.headers)")
            #expect(busy.errorMessage?.contains("the queue is full") == true, "\(busy.text)")
        }
    }

    /// A request that waits longer than the queue timeout is answered 503.
    @Test func aWaitBeyondTheTimeoutIs503() async throws {
        var settings = ServerSettings()
        settings.maxConcurrent = 1
        settings.queueTimeout = .milliseconds(200)
        try await ServerFixture.withServer(try Self.server(settings, delay: .milliseconds(800))) { running in
            async let first = ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8))
            try await Task.sleep(for: .milliseconds(100))
            let second = try await ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8))
            #expect(second.status == 503, "\(second.text)")
            #expect(second.errorMessage?.contains("no turn came within") == true)
            #expect(try await first.status == 200)
        }
    }

    /// A client that gives up while waiting leaves the queue: with room for one waiting request,
    /// the request after it is queued (and served), not refused.
    @Test func aClientThatLeavesFreesItsPlace() async throws {
        var settings = ServerSettings()
        settings.maxConcurrent = 1
        settings.maxQueue = 1
        try await ServerFixture.withServer(try Self.server(settings, delay: .milliseconds(700))) { running in
            async let busy = ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8))
            try await Task.sleep(for: .milliseconds(100))
            // Waits for the turn, then gives up: the client closes its connection.
            let leaving = try? await ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8), timeout: .milliseconds(150))
            #expect(leaving == nil, "the request should have timed out on the client")
            try await Task.sleep(for: .milliseconds(100))
            let next = try await ServerFixture.request(.POST, running.url + "/v1/rank", body: Data(Self.rank.utf8))
            #expect(next.status == 200, "\(next.text)")
            #expect(try await busy.status == 200)
        }
    }
}
